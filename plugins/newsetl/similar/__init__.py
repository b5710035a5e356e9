"""Similarity across articles: near-duplicate articles (MinHash/LSH) and statement clusters.

Signatures are computed per text at a cost linear in its length (``minhash``) and kept in the
warehouse at load time (``index``), so each batch is compared only with the archive's
candidates that share an LSH key, never with every earlier article.
"""

from newsetl.similar.index import index_articles, index_quotes
from newsetl.similar.minhash import Signature, estimated_jaccard, text_signature
from newsetl.similar.quotes import QuoteFeatures, quote_features, same_statement, similarity

__all__ = ["QuoteFeatures", "Signature", "estimated_jaccard", "index_articles", "index_quotes", "quote_features",
           "same_statement", "similarity", "text_signature"]
