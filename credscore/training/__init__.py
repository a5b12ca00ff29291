"""Training: data readers, dev-split carving and model fitting for credscore."""
