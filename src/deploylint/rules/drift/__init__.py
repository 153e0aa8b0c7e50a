"""DL9xx: drift between the declared configs and the live AWS state (``deploylint drift``).

These rules have no check function: ``deploylint.drift`` compares the two sides and
reports them; the modules hold their metadata and docs.
"""
