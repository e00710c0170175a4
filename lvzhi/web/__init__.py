"""Helpers every screen shares (htmx partials, a service's errors on a form, list widgets, stored files): Django
only, nothing of lvzhi, so the administrators' screens in accounts and every line's screens may use them. The
checks that need a user's roles (the committee a request names, a capability in front of a view) are in
lvzhi/accounts/access.py."""
