"""Training: data readers, dev-split carving and model fitting for credscore.

One verb per meaning, across the package:

- ``fit_<model>``: an estimator fitted on arrays or texts and their targets, as scikit-learn's
  ``fit`` (:func:`~credscore.scoring.claims.fit_claims`, ``fit_stance``, ``fit_pairs``);
- ``train_<model>``: a model trained from labelled examples or a corpus, which are checked
  first (an empty set, one class: a clear error), then fitted with a ``fit_<model>``
  (:func:`~credscore.training.train.train_claims`, ``train_stance``, ``train_attribution``);
- ``retrain_<task>``: a bundle whose one model is trained on the user's files and whose other
  models come from a base bundle, what ``credscore train`` does
  (:func:`~credscore.training.tasks.retrain_claims`).
"""
