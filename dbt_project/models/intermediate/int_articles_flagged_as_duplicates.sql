-- One row per article (article_id), flagged when it repeats an earlier article.
--
-- Rule: article B is a duplicate of an earlier article A ("earlier" = smaller ingested_at,
-- then smaller article_id) when either
--   1. their normalised clean_text is identical (case, accents, punctuation, quotation marks
--      and spacing ignored: macro normalize_text), or
--   2. the Jaccard similarity of their sets of word shingles (runs of
--      var newsetl_duplicate_shingle_words words) is at least var newsetl_duplicate_min_jaccard.
-- duplicate_of_article_id is the earliest such A; NULL when there is none. Articles whose
-- normalised text is empty are never duplicates, nor originals.
--
-- To stay fast on large corpora, rule 2 compares distinct texts only (copies are rule 1) and
-- finds candidate pairs with the prefix filter of Bayardo, Ma and Srikant, "Scaling up all
-- pairs similarity search" (WWW 2007): with each text's shingles ordered rarest first, two
-- texts of Jaccard >= t share one of the first n - ceil(t * n) + 1 shingles of each, so only
-- those (mostly unique) shingles are joined; the candidates are then verified exactly.
{%- set shingle_words = var('newsetl_duplicate_shingle_words') %}
{%- set min_jaccard = var('newsetl_duplicate_min_jaccard') %}

with

articles as (

    select * from {{ ref('int_articles_joined_to_documents') }}

),

normalised as (

    select
        article_id,
        {{ normalize_text('clean_text') }} as normalised_text,
        row_number() over (order by ingested_at, article_id) as arrival_rank

    from articles

),

fingerprinted as (

    select
        article_id,
        arrival_rank,
        normalised_text,
        md5(normalised_text) as normalised_text_hash

    from normalised
    where normalised_text <> ''

),

texts as (

    -- one row per distinct normalised text, with the first article that carried it
    select
        normalised_text_hash,
        arg_min(article_id, arrival_rank) as first_article_id,
        min(arrival_rank) as first_arrival_rank,
        string_split(any_value(normalised_text), ' ') as words

    from fingerprinted
    group by normalised_text_hash

),

shingle_starts as (

    -- a text shorter than one shingle is a single shingle of all its words
    select
        normalised_text_hash,
        words,
        unnest(range(1, greatest(len(words) - {{ shingle_words }} + 1, 1) + 1)) as start_position

    from texts

),

shingles as (

    select distinct
        normalised_text_hash,
        md5(array_to_string(
            words[start_position:start_position + {{ shingle_words }} - 1], ' '
        )) as shingle_hash

    from shingle_starts

),

shingle_frequencies as (

    select
        shingle_hash,
        count(*) as text_frequency

    from shingles
    group by shingle_hash

),

ordered_shingles as (

    -- each text's shingles, rarest first (the order the prefix filter needs)
    select
        shingles.normalised_text_hash,
        shingles.shingle_hash,
        row_number() over (
            partition by shingles.normalised_text_hash
            order by shingle_frequencies.text_frequency, shingles.shingle_hash
        ) as shingle_rank,
        count(*) over (partition by shingles.normalised_text_hash) as shingle_count

    from shingles
    inner join shingle_frequencies
        on shingles.shingle_hash = shingle_frequencies.shingle_hash

),

prefix_shingles as (

    select *
    from ordered_shingles
    where shingle_rank <= shingle_count - ceil({{ min_jaccard }} * shingle_count) + 1

),

candidate_pairs as (

    select distinct
        left_prefix.normalised_text_hash as left_text_hash,
        right_prefix.normalised_text_hash as right_text_hash,
        left_prefix.shingle_count as left_shingle_count,
        right_prefix.shingle_count as right_shingle_count

    from prefix_shingles as left_prefix
    inner join prefix_shingles as right_prefix
        on left_prefix.shingle_hash = right_prefix.shingle_hash
        and left_prefix.normalised_text_hash < right_prefix.normalised_text_hash
    -- size filter: the Jaccard of sets of sizes m <= n is at most m / n
    where least(left_prefix.shingle_count, right_prefix.shingle_count)
        >= {{ min_jaccard }} * greatest(left_prefix.shingle_count, right_prefix.shingle_count)

),

candidate_overlaps as (

    select
        candidate_pairs.left_text_hash,
        candidate_pairs.right_text_hash,
        candidate_pairs.left_shingle_count,
        candidate_pairs.right_shingle_count,
        count(*) as shared_count

    from candidate_pairs
    inner join shingles as left_shingles
        on candidate_pairs.left_text_hash = left_shingles.normalised_text_hash
    inner join shingles as right_shingles
        on candidate_pairs.right_text_hash = right_shingles.normalised_text_hash
        and left_shingles.shingle_hash = right_shingles.shingle_hash
    group by all

),

similar_texts as (

    -- rule 2, between distinct texts
    select
        left_text_hash,
        right_text_hash,
        shared_count / (left_shingle_count + right_shingle_count - shared_count) as similarity

    from candidate_overlaps
    where shared_count / (left_shingle_count + right_shingle_count - shared_count)
        >= {{ min_jaccard }}

),

text_matches as (

    -- rule 1: every text matches itself; rule 2: similar texts match each other, both ways
    select
        normalised_text_hash as text_hash,
        normalised_text_hash as matching_text_hash,
        1.0 as similarity
    from texts

    union all

    select left_text_hash, right_text_hash, similarity
    from similar_texts

    union all

    select right_text_hash, left_text_hash, similarity
    from similar_texts

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
        on fingerprinted.normalised_text_hash = text_matches.text_hash
    inner join texts
        on text_matches.matching_text_hash = texts.normalised_text_hash
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
        fingerprinted.normalised_text_hash,
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
