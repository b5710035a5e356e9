-- One row per article (article_id), flagged when it repeats an earlier article.
--
-- Rule: article B is a duplicate of an earlier article A ("earlier" = smaller ingested_at,
-- then smaller article_id) when the MinHash signatures of their 5-word shingles agree in at
-- least var newsetl_duplicate_min_jaccard of their positions (an estimate of the Jaccard
-- similarity of the two shingle sets; an identical normalised text agrees everywhere).
-- duplicate_of_article_id is the earliest such A; NULL when there is none. Articles without a
-- signature (no word in the text) are never duplicates, nor originals.
--
-- Only candidates are compared: pairs of distinct signatures that share an LSH band key
-- (raw.article_signatures, written by the load stage), so the cost grows with the number of
-- articles, not with its square, and no text is read here (issue 17: the SQL shingle join
-- this replaces asked for 64 GiB on one 9 MB text).
{%- set min_jaccard = var('newsetl_duplicate_min_jaccard') %}

with

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

signatures as (

    select * from {{ ref('stg_newsetl__article_signatures') }}

),

fingerprinted as (

    select
        signatures.article_id,
        md5(signatures.minhash::varchar) as signature_hash,
        signatures.minhash,
        signatures.band_keys,
        row_number() over (order by articles.ingested_at, articles.article_id) as arrival_rank

    from signatures
    inner join articles
        on signatures.article_id = articles.article_id

),

texts as (

    -- one row per distinct signature (copies of one text share it), with its first article
    select
        signature_hash,
        arg_min(article_id, arrival_rank) as first_article_id,
        min(arrival_rank) as first_arrival_rank,
        any_value(minhash) as minhash,
        any_value(band_keys) as band_keys

    from fingerprinted
    group by signature_hash

),

bands as (

    select
        signature_hash,
        unnest(band_keys) as band_key

    from texts

),

candidate_pairs as (

    select distinct
        left_bands.signature_hash as left_hash,
        right_bands.signature_hash as right_hash

    from bands as left_bands
    inner join bands as right_bands
        on left_bands.band_key = right_bands.band_key
        and left_bands.signature_hash < right_bands.signature_hash

),

similar_texts as (

    select
        candidate_pairs.left_hash,
        candidate_pairs.right_hash,
        len(list_filter(
            list_zip(left_texts.minhash, right_texts.minhash), lambda pair: pair[1] = pair[2]
        )) / len(left_texts.minhash) as similarity

    from candidate_pairs
    inner join texts as left_texts
        on candidate_pairs.left_hash = left_texts.signature_hash
    inner join texts as right_texts
        on candidate_pairs.right_hash = right_texts.signature_hash

),

text_matches as (

    -- every text matches itself (its copies); similar texts match each other, both ways
    select
        signature_hash as text_hash,
        signature_hash as matching_text_hash,
        1.0 as similarity
    from texts

    union all

    select left_hash, right_hash, similarity
    from similar_texts
    where similarity >= {{ min_jaccard }}

    union all

    select right_hash, left_hash, similarity
    from similar_texts
    where similarity >= {{ min_jaccard }}

),

matches as (

    -- for each article, the first article of every matching text, when that one came earlier
    select
        fingerprinted.article_id,
        texts.first_article_id as earlier_article_id,
        texts.first_arrival_rank as earlier_arrival_rank,
        text_matches.similarity

    from fingerprinted
    inner join text_matches
        on fingerprinted.signature_hash = text_matches.text_hash
    inner join texts
        on text_matches.matching_text_hash = texts.signature_hash
    where texts.first_arrival_rank < fingerprinted.arrival_rank

),

first_originals as (

    select
        article_id,
        arg_min(earlier_article_id, earlier_arrival_rank) as duplicate_of_article_id,
        arg_min(similarity, earlier_arrival_rank) as duplicate_similarity

    from matches
    group by article_id

),

flagged as (

    select
        articles.article_id,
        fingerprinted.signature_hash,
        first_originals.duplicate_of_article_id,
        cast(first_originals.duplicate_similarity as double) as duplicate_similarity,
        first_originals.duplicate_of_article_id is not null as is_duplicate

    from articles
    left join fingerprinted
        on articles.article_id = fingerprinted.article_id
    left join first_originals
        on articles.article_id = first_originals.article_id

)

select * from flagged
