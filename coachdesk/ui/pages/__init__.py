"""The pages the main window switches between, each on the ``Page`` base (``base``)."""
