"""Creating a record once per request: a retried or double-clicked create gets the first record back."""
