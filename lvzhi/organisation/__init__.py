"""Building the organisation: the committee tree, terms, sessions and meetings, the configuration lists; their
screens, services and permission-checked reads. The models are the committees app's, below accounts; these use
accounts' capabilities, so they sit above it."""
