"""The shipped default model bundle and its model card."""
