"""Building blocks that pages and dialogs share: lists, row models, charts, styles."""
