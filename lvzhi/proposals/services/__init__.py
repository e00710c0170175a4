"""Every change of a proposal goes through these modules: drafting, review, handling, key proposals."""
