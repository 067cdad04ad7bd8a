import sqlalchemy as sa


def test_postgres_fixture_serves_a_database(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select lower('ГВП')")).scalar() == "гвп"
    engine.dispose()
