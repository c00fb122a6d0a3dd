"""The Alembic migrations build exactly the schema the models describe."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from quizapp.extensions import db
from tests.helpers.app import drop_pg_database, fresh_pg_database, make_app, pg_backend


def test_migrations_match_the_models(tmp_path, worker_id):
    name = f"quizapp_migrations_{worker_id}_{os.getpid()}"
    url = fresh_pg_database(name) if pg_backend() else None
    app = make_app(tmp_path, url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        downgrade(revision="base")
        upgrade()
        db.session.remove()
        db.engine.dispose()
    if url:
        drop_pg_database(url)
    assert diff == [], f"models and migrations differ; run `quizapp db migrate`: {diff}"
