{#-
    Purpose: an hourly build tests the rows of recent batches, not the whole archive. dbt wraps the
    model of every generic test (unique, not_null, relationships, accepted_values, ...) in this
    macro; here a table with a batch_id column keeps only the rows whose batch is not known to
    be old, one with an article_id only the rows of articles not known to be old (a batch is old
    when its load finished more than var newsetl_test_window_hours before the newest load
    finished). Rows of unknown batches and NULL keys are always tested, and relationships still
    look their parents up in the whole table. Every row is tested on a --full-refresh or with
    --vars '{newsetl_test_all_rows: true}'. A test's own `where:` config is applied as dbt does.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- set scope = newsetl_recent_rows(relation) if execute else '' -%}
    {%- if scope -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ scope ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro newsetl_recent_rows(relation) -%}
    {%- if flags.FULL_REFRESH or var('newsetl_test_all_rows', false) -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- if adapter.get_relation(database=target.database, schema='audit', identifier='load_batches') is none -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set columns = newsetl_relation_columns(relation) -%}
    {%- set old_batches -%}
        select batch_id from audit.load_batches
        where finished_at < (select max(finished_at) from audit.load_batches)
            - to_hours(cast({{ var('newsetl_test_window_hours') }} as bigint))
    {%- endset -%}
    {%- if 'batch_id' in columns -%}
        {%- do return('(batch_id is null or batch_id not in (' ~ old_batches ~ '))') -%}
    {%- elif 'article_id' in columns -%}
        {%- do return('(article_id is null or article_id not in (select article_id from raw.articles '
            ~ 'where batch_id in (' ~ old_batches ~ ')))') -%}
    {%- endif -%}
    {%- do return('') -%}
{%- endmacro %}

{#-
    The column names of a tested relation, read once per dbt invocation. A build runs about 200
    generic tests on a few dozen relations, and each probe cost dbt a macro context, a cursor and a
    query: 2 of the 12 CPU s of a build. `graph` is the one object the contexts of all nodes of an
    invocation share (dbt builds it once per run). A relation's columns do not change while its
    tests run: dbt build tests a node only after building it, and builds it once.
-#}
{% macro newsetl_relation_columns(relation) -%}
    {%- set known = graph.setdefault('newsetl_relation_columns', {}) -%}
    {%- set key = relation | string -%}
    {%- if key not in known -%}
        {%- do known.update({key: adapter.get_columns_in_relation(relation) | map(attribute='name') | list}) -%}
    {%- endif -%}
    {%- do return(known[key]) -%}
{%- endmacro %}
