#!/bin/sh
# Refresh the root English catalogue (locale/en/LC_MESSAGES/django.po) from the
# project's sources, then compile it. Translate the new entries by hand.
#
# Every project string lands here except those of an app that keeps its own
# English catalogue (<app>/locale/en/, e.g. storefront/checkout): a string in
# both would be found here first (LOCALE_PATHS win), and that app's owners
# translate it there. Django's makemessages would write into every <app>/locale
# it meets, so it runs on a copy of the sources without the apps' locale folders.
# Needs rsync and GNU gettext.
#
# The Vietnamese catalogue (locale/vi) is not regenerated: source strings are
# Vietnamese, so it only holds hand-written overrides of Django's, Oscar's and
# Wagtail's Vietnamese (and Vietnamese for the few English source strings).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT

# Apps with their own English catalogue: their strings stay out.
own=$(cd "$root" && find . -path ./locale -prune -o -path ./.git -prune -o \
      -type d -path '*/locale/en' -print | sed 's#^\./##; s#/locale/en$##')
excludes="--exclude=.git --exclude=var --exclude=tests --exclude=benchmarks \
--exclude=test-artifacts --exclude=node_modules --exclude=__pycache__ --exclude=locale/"
ignores=""
for app in $own; do ignores="$ignores --ignore=$app"; done

# shellcheck disable=SC2086
rsync -a $excludes "$root/" "$copy/"
cp -r "$root/locale" "$copy/locale"
# shellcheck disable=SC2086
(cd "$copy" && python manage.py makemessages -l en --no-obsolete --add-location=file $ignores)
cp "$copy/locale/en/LC_MESSAGES/django.po" "$root/locale/en/LC_MESSAGES/django.po"
msgfmt --check -o "$root/locale/en/LC_MESSAGES/django.mo" "$root/locale/en/LC_MESSAGES/django.po"
echo "apps with their own English catalogue (left out): ${own:-none}"
msgfmt --statistics -o /dev/null "$root/locale/en/LC_MESSAGES/django.po"
