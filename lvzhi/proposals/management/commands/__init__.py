"""Management commands of the proposals app: the reminder worker."""
