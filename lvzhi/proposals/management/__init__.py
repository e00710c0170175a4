"""Management commands of the proposals app."""
