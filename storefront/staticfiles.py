"""Production static files: the shop's own CSS and JavaScript minified, then
hashed and compressed by WhiteNoise.

The sources stay readable in the repository (and in development); ``collectstatic``
minifies the copies it writes. Files of other packages are left as they come
(most ship minified; a second pass over Wagtail's admin bundles gains nothing).
Licence comments (``/*! … */``) are kept.
"""

from pathlib import Path

import rcssmin
import rjsmin
from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS = {
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
}


def is_ours(source_storage) -> bool:
    location = getattr(source_storage, "location", None)
    return bool(location) and Path(location).resolve().is_relative_to(settings.BASE_DIR)


class MinifiedManifestStorage(CompressedManifestStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            paths = dict(paths)
            for name, (source_storage, __) in paths.items():
                minify = MINIFIERS.get(Path(name).suffix)
                if minify and ".min." not in name and is_ours(source_storage):
                    self.minify(name, minify)
                    # Hashing reads the source: from now on that is the minified copy.
                    paths[name] = (self, name)
        yield from super().post_process(paths, dry_run, **options)

    def minify(self, name: str, minify) -> None:
        path = Path(self.path(name))
        path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
