"""Makes the official Tencent Cloud Python SDK importable, installing it when missing.

The SDK is installed with pip into a private directory (``--target``), never into the
system or user site-packages, so a clean CI machine with python3 and pip is enough.
"""

import fcntl
import os
import subprocess
import sys

SDK_REQUIREMENT = "tencentcloud-sdk-python==3.1.195"


def ensure_sdk(cache_dir):
    """Imports ``tencentcloud``; pip-installs it into ``cache_dir`` first if needed.

    Several tests run at once and share ``cache_dir``: the check and the install happen under
    an exclusive lock on a file there, so no process imports a half-installed SDK or installs
    over another's install.
    """
    cache_dir = os.path.abspath(cache_dir)
    os.makedirs(cache_dir, exist_ok=True)
    with open(os.path.join(cache_dir, ".install.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _ensure_sdk_locked(os.path.join(cache_dir, "site-packages"))


def _ensure_sdk_locked(site):
    if os.path.isdir(site) and site not in sys.path:
        sys.path.insert(0, site)
    try:
        import tencentcloud.common.abstract_client  # noqa: F401

        return
    except ImportError:
        pass
    os.makedirs(site, exist_ok=True)
    print(f"installing {SDK_REQUIREMENT} into {site}", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-warn-script-location",
            "--upgrade",
            "--target",
            site,
            SDK_REQUIREMENT,
        ],
        check=True,
        env=dict(os.environ, PIP_ROOT_USER_ACTION="ignore"),
    )
    if site not in sys.path:
        sys.path.insert(0, site)
    import importlib

    importlib.invalidate_caches()
    import tencentcloud.common.abstract_client  # noqa: F401
