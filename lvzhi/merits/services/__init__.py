"""The merits services: every change of a reported activity or a commendation, audited, in one transaction."""
