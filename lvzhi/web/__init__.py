"""Helpers every line's screens share (the committee a request names, htmx partials, form errors, stored files,
capability checks): they import Django, accounts and the base packages, never a line or a screen."""
