"""The permission matrix: every page and API operation × every persona × read and write, in one table."""
