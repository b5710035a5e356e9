"""Resolve stage: normalised name keys and in-article links for the actor resolution in dbt.

Cross-article resolution (one actor per real-world actor) happens in dbt, where analysts can see
and override it (``int_mentions_resolved_to_actors`` and the ``actor_aliases`` seed); this stage
only adds what needs the article text: keys that fold spelling variants, and links from bare
surnames and acronyms to the full names the same article uses.
"""

from newsetl.resolve.linking import link_mentions
from newsetl.resolve.names import fold, initials, is_acronym, name_key, plain_name, surname_key

__all__ = ["fold", "initials", "is_acronym", "link_mentions", "name_key", "plain_name", "surname_key"]
