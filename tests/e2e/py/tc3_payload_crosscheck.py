"""Builds multipart and octet-stream requests with the official tencentcloud-sdk-python.

Usage: tc3_payload_crosscheck.py CASES.json OUT.json CACHE_DIR

For each case (written by the Rust test ``python_signer``) the SDK builds and signs the
request itself (``AbstractClient._build_req_with_tc3_signature`` with ``IsMultipart`` and
``BinaryParams``, or ``IsOctetStream``) at the case's timestamp and, for a form, with the
case's boundary in place of its random one. The body (hex) and headers are recorded
for the Rust test to compare with its own request, byte for byte.
"""

import json
import os
import sys
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tcsdk import ensure_sdk  # noqa: E402


def main(cases_path, out_path, cache_dir):
    ensure_sdk(cache_dir)
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.http.request import RequestInternal
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)

    results = []
    for case in cases:
        cred = credential.Credential(case["secret_id"], case["secret_key"])
        profile = ClientProfile(httpProfile=HttpProfile(endpoint=case["host"]))
        client = CommonClient(case["service"], case["version"], cred, "", profile)
        if case["kind"] == "multipart":
            params = {}
            binary = []
            for name, kind, value in case["parts"]:
                if kind == "file":
                    params[name] = bytes.fromhex(value)
                    binary.append(name)
                else:
                    params[name] = value
            req = RequestInternal(case["host"], "POST", "/")
            options = {"IsMultipart": True, "BinaryParams": binary}
            fixed = mock.Mock()
            fixed.hex = case["boundary"]
            with mock.patch("tencentcloud.common.abstract_client.time.time", return_value=case["timestamp"]), \
                    mock.patch("tencentcloud.common.abstract_client.uuid.uuid4", return_value=fixed):
                client._build_req_with_tc3_signature(case["action"], params, req, options)
        else:
            req = RequestInternal(case["host"], "POST", "/", header=dict(case["headers"]))
            req.data = bytes.fromhex(case["body"])
            with mock.patch("tencentcloud.common.abstract_client.time.time", return_value=case["timestamp"]):
                client._build_req_with_tc3_signature(case["action"], None, req, {"IsOctetStream": True})
        data = req.data if isinstance(req.data, bytes) else req.data.encode("utf-8")
        results.append(
            {
                "id": case["id"],
                "body": data.hex(),
                "headers": dict(req.header),
            }
        )

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False)
    print(f"built {len(results)} payload requests with tencentcloud-sdk-python", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
