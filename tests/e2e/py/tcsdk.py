"""Makes the official Tencent Cloud Python SDK importable, installing it when missing.

The SDK is installed with pip into a private directory (``--target``), never into the
system or user site-packages, so a clean CI machine with python3 and pip is enough.
"""

import os
import subprocess
import sys

SDK_REQUIREMENT = "tencentcloud-sdk-python==3.1.195"


def ensure_sdk(cache_dir):
    """Imports ``tencentcloud``; pip-installs it into ``cache_dir`` first if needed."""
    site = os.path.join(os.path.abspath(cache_dir), "site-packages")
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
