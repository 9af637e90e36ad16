"""Writing a file so that it is never half-written (layer 1: imports nothing from ``glossary``).

Every file the tool writes in place of another one (an export, a pre-translation, a backup,
a cache file) is written the same way, here: into a new hidden file in the target's own folder
(``.NAME.tmp-PID-XXXXXXXX``, so that the rename stays on one file system and is atomic),
flushed to the disk (``fsync``), then renamed over the target with ``os.replace``. A reader
sees the old file or the whole new one, never a part; a failure of any kind (an error, a full
disk, Ctrl-C) removes the temporary file and leaves the old target untouched; what a killed
process left behind is removed by the next write to the same target.

The new file gets the permissions of the file it replaces, or those a plain ``open()`` gives
(``0o666`` less the umask) when there was none. A symbolic link as target is kept: the file
it points to is replaced.

The helpers raise ``OSError`` as the system gives it (read-only folder, disk full, no such
folder): each caller turns that into its own message, or ignores it (a cache).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

#: what marks a temporary file of ours: ``.NAME`` + TEMP_MARK + ``PID-RANDOM``
TEMP_MARK = ".tmp-"

#: the temporary files this process is writing now (a stale file of this process is one not here)
_ACTIVE: set[str] = set()


def write_atomically(target: str | os.PathLike, content: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``content`` (bytes, or a function called with the open binary stream) to
    ``target`` atomically: the old ``target`` stays whole until the new one is complete."""
    with replacing(target) as tmp:
        with open(tmp, "wb") as fh:
            if callable(content):
                content(fh)
            else:
                fh.write(content)


@contextmanager
def replacing(target: str | os.PathLike) -> Iterator[Path]:
    """A new empty temporary file beside ``target``, to be filled by the ``with`` block (by
    name: e.g. SQLite writes it). When the block ends normally the file is fsynced, given
    ``target``'s permissions and renamed over ``target``; when it raises anything at all
    (``KeyboardInterrupt`` too) the file is removed and ``target`` is left as it was."""
    final = _final_path(Path(target))
    remove_stale_temp_files(final)
    tmp = _create_temp(final)
    key = os.fspath(tmp)
    _ACTIVE.add(key)
    try:
        yield tmp
        _fsync_file(tmp)
        _copy_mode(final, tmp)
        os.replace(tmp, final)
        _fsync_folder(final.parent)
    except BaseException:
        _discard(tmp)
        raise
    finally:
        _ACTIVE.discard(key)


def temp_files(target: str | os.PathLike) -> list[Path]:
    """The temporary files of ours beside ``target`` (in progress or left by a killed process)."""
    final = _final_path(Path(target))
    prefix = f".{final.name}{TEMP_MARK}"
    try:
        return sorted(p for p in final.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def remove_stale_temp_files(target: str | os.PathLike) -> list[Path]:
    """Remove what an interrupted write of ``target`` left behind (the process was killed, the
    power lost): our temporary files whose process is gone. Returns the files removed."""
    final = _final_path(Path(target))
    prefix = f".{final.name}{TEMP_MARK}"
    removed: list[Path] = []
    for path in temp_files(final):
        pid_text = path.name[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit() or _writing(int(pid_text), path):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def _final_path(target: Path) -> Path:
    """The file to replace: a symbolic link's destination (the link stays), else ``target``."""
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def _create_temp(final: Path) -> Path:
    """A new empty file ``.NAME.tmp-PID-RANDOM`` in ``final``'s folder, created with mode
    0o666 (the umask applies, as for any new file)."""
    folder = final.parent
    for _ in range(100):
        tmp = folder / f".{final.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary file name beside {final}")  # pragma: no cover


def _writing(pid: int, path: Path) -> bool:
    """Whether process ``pid`` may still be writing ``path``."""
    if pid == os.getpid():
        return os.fspath(path) in _ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but another user's
        return True
    return True


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy_mode(final: Path, tmp: Path) -> None:
    """Give ``tmp`` the permission bits of the file it replaces (a private file stays private)."""
    try:
        mode = stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        return  # no file yet: keep the umask's mode
    os.chmod(tmp, mode)


def _discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
