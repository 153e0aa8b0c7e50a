"""Build hook: compile the gettext catalogs (``src/deploylint/locale/*/LC_MESSAGES/*.po``)
into ``.mo`` files with Babel.

A wheel carries the ``.mo`` files (compiled into the build folder, never into the source
tree); an editable install compiles them next to their ``.po`` (``*.mo`` is ignored by git),
and the runtime recompiles in memory when the ``.po`` is newer (``deploylint.i18n``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        locale = root / "src" / "deploylint" / "locale"
        out_root = Path(self.directory) / "catalogs"
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            lang = po.parent.parent.name
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=lang, domain=po.stem)
            for message in list(catalog):  # an untranslated plural is not a translation
                forms = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and not all(forms):
                    catalog.delete(message.id, message.context)
            data = io.BytesIO()
            write_mo(data, catalog, use_fuzzy=False)
            relative = po.relative_to(root / "src").with_suffix(".mo")
            if version == "editable":
                po.with_suffix(".mo").write_bytes(data.getvalue())
                continue
            target = out_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.getvalue())
            build_data["force_include"][str(target)] = relative.as_posix()
