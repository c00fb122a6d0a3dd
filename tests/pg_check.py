"""Exit 0 when the PostgreSQL test server answers; otherwise print why and exit 1."""

import sys

import sqlalchemy


def main(url: str) -> int:
    try:
        engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure means: no PostgreSQL pass, and say why
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        print(f"no PostgreSQL at {url} ({type(error).__name__}: {first_line})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
