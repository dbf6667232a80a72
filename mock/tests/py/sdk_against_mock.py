"""Drives a running tcapi-mock server with the official tencentcloud-sdk-python clients.

Usage: sdk_against_mock.py HOST:PORT SECRET_ID SECRET_KEY CACHE_DIR OUT.json

Each case calls the server through the SDK's own typed service clients (CAR, GSE) or its
CommonClient, and records what came back: the response as JSON, or the SDK exception's
code, message and request id. The Rust test `python_sdk` checks the records.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The project's SDK installer (pip --target into a private directory).
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "e2e", "py"))
from tcsdk import ensure_sdk  # noqa: E402


def main(host, secret_id, secret_key, cache_dir, out_path):
    ensure_sdk(cache_dir)
    from tencentcloud.car.v20220110 import car_client
    from tencentcloud.car.v20220110 import models as car_models
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
        TencentCloudSDKException,
    )
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    def profile():
        return ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=host, reqTimeout=10))

    def car(key=secret_key, sid=secret_id):
        return car_client.CarClient(credential.Credential(sid, key), "", profile())

    # GSE has no typed client in current SDK releases: its CommonClient signs the same way.
    def gse(region):
        return CommonClient("gse", "2019-11-12", credential.Credential(secret_id, secret_key), region, profile=profile())

    def run(name, call):
        try:
            resp = call()
            out = {"name": name, "ok": json.loads(resp.to_json_string())}
        except TencentCloudSDKException as e:
            out = {
                "name": name,
                "code": e.get_code(),
                "message": e.get_message(),
                "request_id": e.get_request_id(),
            }
        results.append(out)

    def car_req(cls, params):
        req = cls()
        req.from_json_string(json.dumps(params))
        return req

    apply_params = {"UserId": "user-1", "UserIp": "203.0.113.7", "ProjectId": "cap-abcdefgh"}
    results = []
    run("apply", lambda: car().ApplyConcurrent(car_req(car_models.ApplyConcurrentRequest, apply_params)))
    run(
        "create_session",
        lambda: car().CreateSession(
            car_req(car_models.CreateSessionRequest, {"UserId": "user-1", "UserIp": "203.0.113.7", "ClientSession": "abc"})
        ),
    )
    run(
        "wrong_key",
        lambda: car(key="wrong-key").ApplyConcurrent(car_req(car_models.ApplyConcurrentRequest, apply_params)),
    )
    run(
        "unknown_id",
        lambda: car(sid="AKIDUNKNOWN").ApplyConcurrent(car_req(car_models.ApplyConcurrentRequest, apply_params)),
    )
    run(
        "missing_parameter",
        lambda: car().ApplyConcurrent(
            car_req(car_models.ApplyConcurrentRequest, {"UserId": "user-1", "UserIp": "203.0.113.7"})
        ),
    )
    run(
        "scripted_no_idle",
        lambda: car().ApplyConcurrent(
            car_req(car_models.ApplyConcurrentRequest, dict(apply_params, UserId="busy-user"))
        ),
    )
    class Raw:
        """A CommonClient answer (a dict) in the shape of a typed response."""

        def __init__(self, body):
            self.body = body.get("Response", body)

        def to_json_string(self):
            return json.dumps(self.body)

    join = {"GameServerSessionId": "gssess-1", "PlayerIds": ["player-1", "player-2"]}
    action = "JoinGameServerSessionBatch"
    run("gse_join", lambda: Raw(gse("ap-guangzhou").call_json(action, join)))
    run("gse_no_region", lambda: Raw(gse("").call_json(action, join)))
    run(
        "gse_too_many_players",
        lambda: Raw(gse("ap-guangzhou").call_json(action, dict(join, PlayerIds=["p%d" % i for i in range(26)]))),
    )
    common = CommonClient("car", "2022-01-10", credential.Credential(secret_id, secret_key), "", profile=profile())

    run("common_unknown_action", lambda: Raw(common.call_json("ApplyConcurrentt", apply_params)))
    run("common_wrong_type", lambda: Raw(common.call_json("ApplyConcurrent", dict(apply_params, UserIp=7))))

    # Binary actions: the SDK's cii client sends a multipart form (BinaryParams), and a raw
    # body with X-CLS-* headers goes through call_octet_stream, as cls UploadLog is sent.
    from tencentcloud.cii.v20210408 import cii_client
    from tencentcloud.cii.v20210408 import models as cii_models

    def cii():
        return cii_client.CiiClient(credential.Credential(secret_id, secret_key), "", profile())

    image = bytes(range(256)) + b"\r\n--\r\n"
    quality = cii_models.DescribeQualityScoreRequest()
    quality.File = image
    run("cii_quality_score", lambda: cii().DescribeQualityScore(quality))
    upload = cii_models.UploadMedicalFileRequest()
    upload.FileURL = "https://example.com/scan.png"
    run("cii_upload_by_url", lambda: cii().UploadMedicalFile(upload))
    no_file = cii_models.DescribeQualityScoreRequest()
    run("cii_no_file", lambda: cii().DescribeQualityScore(no_file))

    cls = CommonClient("cls", "2020-10-16", credential.Credential(secret_id, secret_key), "ap-guangzhou", profile=profile())
    logs = b"\x0a\x10log-group-bytes\x00\xff"
    run(
        "cls_upload_log",
        lambda: Raw(cls.call_octet_stream("UploadLog", {"X-CLS-TopicId": "topic-1", "X-CLS-CompressType": "lz4"}, logs)),
    )
    run("cls_no_topic", lambda: Raw(cls.call_octet_stream("UploadLog", {}, logs)))
    run("cls_as_json", lambda: Raw(cls.call_json("UploadLog", {"TopicId": "topic-1"})))

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:6])
