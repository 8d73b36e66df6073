"""Locking Oscar dashboard views to head office, keeping the few staff may use."""

STAFF = ["is_staff"]
SHOWROOM = ["partner.dashboard_access"]


def head_office_only(permissions):
    """Oscar's permissions for a view, with the partner alternative dropped and
    ``is_staff`` demanded (a tuple is "any of these lists")."""
    if not permissions:
        return STAFF
    if isinstance(permissions, tuple):
        permissions = [perm for group in permissions if group != SHOWROOM for perm in group]
    return sorted(set(STAFF) | set(permissions))


class HeadOfficeByDefault:
    """Mixin for Oscar dashboard app configs: every view, present or future, is
    head office's, except ``showroom_views``, also open to showroom staff (the
    views scope their querysets through ``shops.scoping``)."""

    showroom_views: frozenset = frozenset()

    def get_permissions(self, url):
        staff = head_office_only(super().get_permissions(url))
        return (staff, SHOWROOM) if url in self.showroom_views else staff
