"""The live source: read AWS (read-only), bind resources to an environment, snapshot them.

``collector`` reads one region with boto3 behind a read-only guard; ``imports`` builds
the same :class:`~deploylint.live.snapshot.Snapshot` from saved ``aws`` CLI output or an
AWS Config snapshot; ``binding`` picks the environment's resources by tags, names and
the config's ``aws:`` block; ``source`` turns them into an effective config that the
rules and ``deploylint.drift`` read like any other.
"""
