"""Similarity across articles: near-duplicate articles (MinHash/LSH) and statement clusters.

Signatures are computed per text at a cost linear in its length (``minhash``) and kept in the
warehouse at load time (``index``), so each batch is compared only with the archive's
candidates that share an LSH key, never with every earlier article.
"""

from newsetl.similar.index import index_articles
from newsetl.similar.minhash import Signature, estimated_jaccard, text_signature

__all__ = ["Signature", "estimated_jaccard", "index_articles", "text_signature"]
