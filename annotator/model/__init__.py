"""The stance model: sentence/clause units, TF-IDF features and logistic regression, kept as plain data.

No Qt, no SQL: the store keeps a model's bytes, operations train and evaluate it. scikit-learn is
needed only to train (imported there, lazily); suggestions from a saved model need numpy alone.
"""
