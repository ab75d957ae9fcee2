"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary folder, pg_ctl
start on 127.0.0.1 and a free port, a database with PostGIS; everything removed on stop.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

DB_NAME = "sitroom"
SUPERUSER = "sitroom"
RUN_AS = "postgres"  # initdb and postgres refuse to run as root; Debian's package creates this user


def find_bin_dir() -> Path | None:
    """The newest PostgreSQL server binaries: $SITROOM_PG_BIN, then /usr/lib/postgresql/*/bin."""
    env = os.environ.get("SITROOM_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for found in candidates:
        if found and (Path(found) / "initdb").is_file() and (Path(found) / "pg_ctl").is_file():
            return Path(found)
    which = shutil.which("initdb")
    return Path(which).parent if which and shutil.which("pg_ctl") else None


def unavailable_reason() -> str | None:
    """Why no throwaway cluster can be started here (None when one can)."""
    if find_bin_dir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found"
    if os.geteuid() == 0 and _user_ids(RUN_AS) is None:
        return f"running as root and there is no {RUN_AS!r} user to run PostgreSQL as"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _user_ids(name: str) -> tuple[int, int] | None:
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _run(cmd: list[str], *, as_user: bool) -> None:
    if as_user:
        cmd = ["runuser", "-u", RUN_AS, "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = " ".join((done.stderr or done.stdout).split())[-400:]
        raise StoreError(f"{Path(cmd[-1] if as_user else cmd[0]).name} failed: {tail}")


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster, yield the DSN of a database with PostGIS, stop and delete it afterwards."""
    reason = unavailable_reason()
    if reason:
        raise StoreError(f"cannot start a throwaway PostgreSQL cluster: {reason}")
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    as_user = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="sitroom-pg-"))
    data = root / "data"
    password = secrets.token_hex(16)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if as_user:
        ids = _user_ids(RUN_AS)
        assert ids is not None
        for path in (root, pwfile):
            os.chown(path, *ids)
    port = free_port()
    started = False
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "-A",
                "scram-sha-256",
                f"--pwfile={pwfile}",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            as_user=as_user,
        )
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            as_user=as_user,
        )
        started = True
        base = f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{port}"
        _create_database(f"{base}/postgres")
        yield f"{base}/{DB_NAME}"
    finally:
        if started:
            subprocess.run(
                ["runuser", "-u", RUN_AS, "--"] * as_user
                + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def _create_database(admin_dsn: str) -> None:
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    with psycopg.connect(admin_dsn.rsplit("/", 1)[0] + f"/{DB_NAME}", autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


@contextmanager
def scratch_schema(dsn: str, *, prefix: str = "t") -> Iterator[str]:
    """`dsn` with a fresh, empty schema first on its search path (PostGIS stays reachable in
    public); the schema and everything in it are dropped when the block ends."""
    import uuid
    from urllib.parse import quote

    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in dsn else "?"
    try:
        yield f"{dsn}{joiner}options={quote(f'-c search_path={schema},public')}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
