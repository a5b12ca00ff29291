"""credscore's exceptions: each message names the input, the bad value and what is accepted."""

__all__ = ["CredscoreError", "InputError", "ModelError", "TrainingDataError"]


class CredscoreError(Exception):
    """Base class of every error credscore raises on purpose."""


class InputError(CredscoreError):
    """An article or batch could not be read or decoded."""


class ModelError(CredscoreError):
    """A model file is missing, not a credscore bundle, or cannot be loaded safely."""


class TrainingDataError(CredscoreError):
    """Training or evaluation data is empty, malformed or has unknown labels."""
