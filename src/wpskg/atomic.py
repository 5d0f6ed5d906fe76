"""Atomic file and folder writes: a failed run never leaves a half-written output."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


@contextlib.contextmanager
def _reported(path: Path) -> Iterator[None]:
    """Report an operating-system error of the block as an :class:`OutputError` naming ``path``."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        blocker = next((p for p in Path(path).parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            reason = f"{blocker} is a file, not a folder"
        elif exc.filename and Path(exc.filename) in Path(path).parents:
            reason += f" ({exc.filename})"
        raise OutputError(f"{path}: cannot write: {reason}") from exc


def _resolved(path: Path) -> Path:
    """``path``, or what it links to: a symbolic link is written through, never replaced by a copy."""
    return path.resolve() if path.is_symlink() else path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _kind(path: Path) -> int | None:
    """The file type bits of what ``path`` is (links followed), or None when nothing is there."""
    try:
        return stat.S_IFMT(os.stat(path).st_mode)
    except OSError:
        return None


def _descriptor(path: Path) -> int | None:
    """The file descriptor that ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` or ``/proc/self/fd/N`` names.

    >>> _descriptor(Path("/dev/stdout")), _descriptor(Path("/proc/self/fd/3")), _descriptor(Path("out.csv"))
    (1, 3, None)
    """
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    text = os.path.abspath(path)
    if text in named:
        return named[text]
    for folder in ("/dev/fd/", "/proc/self/fd/"):
        if text.startswith(folder) and text[len(folder) :].isdigit():
            return int(text[len(folder) :])
    return None


@contextlib.contextmanager
def writing(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: a temporary file in the same folder, renamed when the block ends.

    If the block raises, the temporary file is removed and ``path`` is left as
    it was. A new file gets the usual permissions (0666 less the umask), not
    mkstemp's private 0600; a file that is replaced keeps its own. If ``path``
    is a symbolic link, the file it links to is replaced and the link stays.
    A standard stream (``/dev/stdout``, ``/dev/fd/N``), a device, a named pipe
    or a socket (``/dev/null``, a FIFO) is written to as it is: renaming a file
    over it would replace it (and a file that stdout appends to would lose
    what it held).
    """
    path = Path(path)
    stream = _descriptor(path)
    if stream is not None:  # /dev/stdout: the open stream, which may be a file opened to append to
        with _reported(path), os.fdopen(os.dup(stream), "wb") as fh:
            yield fh
        return
    kind = _kind(path)
    if kind is not None and kind not in (stat.S_IFREG, stat.S_IFDIR):
        with _reported(path), open(path, "wb") as fh:
            yield fh
        return
    path = _resolved(path)
    with _reported(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        mode = os.stat(path).st_mode & 0o7777 if kind == stat.S_IFREG else 0o666 & ~_umask()
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            with _reported(path):
                fh.flush()
                os.fsync(fh.fileno())
        with _reported(path):
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`writing`)."""
    with writing(path) as fh:
        fh.write(data)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8, atomically."""
    write_bytes(path, text.encode("utf-8"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux ``renameat2(RENAME_EXCHANGE)``; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is; ``target`` is never missing if the exchange is supported."""
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous target
        return
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    """Hard-link ``src`` to ``dst`` (the old folder goes away), else copy it with its metadata."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _carry_over(old: Path, staging: Path, keep: Callable[[str], bool]) -> None:
    """Put into ``staging`` the entries of ``old`` that ``keep`` names and the block did not write."""
    if not old.is_dir():
        return
    for entry in sorted(old.iterdir()):
        dest = staging / entry.name
        if not keep(entry.name) or dest.exists() or dest.is_symlink():
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), dest)
        elif entry.is_dir():
            shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(dest))


@contextlib.contextmanager
def replace_dir(target: Path, keep: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """Yield a fresh staging folder that replaces ``target`` only if the block succeeds.

    The old ``target`` stays in place until the new one is complete; on any
    error, including KeyboardInterrupt, the staging folder is removed and
    ``target`` is untouched. On Linux the two folders are exchanged in one
    atomic step, so ``target`` is never missing, even under SIGKILL. If
    ``target`` is a symbolic link, the folder it links to is replaced (the
    staging folder is made beside that folder) and the link stays. The
    entries of the old ``target`` whose names ``keep`` accepts are carried
    into the new folder (hard-linked where possible), unless the block wrote
    an entry of the same name.
    """
    target = _resolved(Path(target))
    with _reported(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        _restore(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
        staging.chmod(0o777 & ~_umask())
    try:
        yield staging
        with _reported(target):
            if keep is not None:
                _carry_over(target, staging, keep)
            _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_replaceable(folder: Path | str, marker: str | None, what: str) -> Path:
    """``folder`` as an absolute path, if :func:`replace_dir` may replace it: a new or empty
    folder, or one with ``marker`` (a previous ``what``; with no marker, any folder: the
    caller keeps what it does not write); else an :class:`OutputError`.

    The current folder, and a folder that holds it, are refused too: replacing one would
    leave the shell in a deleted folder. What a killed run left is put right first
    (:func:`recover_dir`).
    """
    shown = str(folder) or "."
    folder = Path(os.path.abspath(folder))
    here = Path.cwd().resolve()
    real = folder.resolve()
    if real == here or real in here.parents:
        raise OutputError(
            f"{shown}: the {what} replaces its folder as a whole, so it cannot be the current folder "
            "or a folder that holds it: give a folder of its own"
        )
    recover_dir(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{shown} exists and is not a folder")
    if marker is not None and folder.is_dir() and any(folder.iterdir()) and not (folder / marker).is_file():
        raise OutputError(
            f"{shown} is not empty and holds no previous {what} ({marker}); "
            f"the {what} replaces its folder as a whole, so give an empty or new folder"
        )
    return folder


def _restore(target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    if not target.exists() and old.exists():
        os.replace(old, target)


def recover_dir(target: Path) -> None:
    """Undo what a killed run left: put back a moved-aside ``target``, remove stale staging folders.

    Call it before a run starts, not while another run writes to the same folder.
    """
    target = Path(target)
    for folder in dict.fromkeys((target, _resolved(target))):
        _restore(folder)
        if folder.parent.is_dir():
            for stale in folder.parent.glob(f".{folder.name}.*.new"):
                if stale.is_symlink():  # left by a run that exchanged a link with its staging folder
                    stale.unlink()
                else:
                    shutil.rmtree(stale, ignore_errors=True)
