//! Sample check of constraint extraction: sentences as they stand in the official
//! definitions, each with the constraint it must yield, or none (tricky negatives included).

use super::constraints::{Bounds, Constraints, Num, Shape, extract};
use super::markdown::{plain, to_markdown};

fn run(shape: Shape, list: bool, text: &str) -> Constraints {
    let md = to_markdown(text);
    extract(&md, &plain(&md), shape, list)
}

fn len(min: Option<u64>, max: u64) -> Constraints {
    Constraints {
        length: Some(Bounds {
            min,
            max: Some(max),
        }),
        ..Default::default()
    }
}

fn len_ascii(min: Option<u64>, max: u64) -> Constraints {
    Constraints {
        ascii: true,
        ..len(min, max)
    }
}

fn items(min: Option<u64>, max: u64) -> Constraints {
    Constraints {
        items: Some(Bounds {
            min,
            max: Some(max),
        }),
        ..Default::default()
    }
}

fn range(min: Option<i64>, max: Option<i64>) -> Constraints {
    Constraints {
        range: Some(Bounds {
            min: min.map(Num::Int),
            max: max.map(Num::Int),
        }),
        ..Default::default()
    }
}

fn one_of(values: &[&str]) -> Constraints {
    Constraints {
        enumeration: Some(values.iter().map(|v| (*v).to_owned()).collect()),
        ..Default::default()
    }
}

fn none() -> Constraints {
    Constraints::default()
}

use Shape::{Float, Int, Str, UInt};

#[test]
fn extraction_matches_the_prose() {
    let table: Vec<(Shape, bool, &str, Constraints)> = vec![
        // items
        (
            Str,
            true,
            "Player ID list. At least 1 ID and up to 25 IDs.",
            items(Some(1), 25),
        ),
        (
            Int,
            true,
            "<p>Receiving robot ID list<br>Input limits: at least 1, up to 50</p>",
            items(Some(1), 50),
        ),
        (
            Other,
            true,
            "Scheduled scaling action list. Fill in at least 1, supports up to 10.",
            items(Some(1), 10),
        ),
        (Other, true, "Tag list. Up to 50 tags.", items(None, 50)),
        (
            Str,
            true,
            "Role ID. Up to 50 role IDs can be passed in at a time.",
            items(None, 50),
        ),
        (
            Str,
            true,
            "List of zone IDs. A maximum of 100 zones can be queried in a single request.",
            items(None, 100),
        ),
        (
            Other,
            true,
            "Department tag list, with a maximum of 10.",
            items(None, 10),
        ),
        (
            Other,
            true,
            "<p>Multi-perspective image information used to generate a 3D model.</p><p>The array length must be between 2 and 8 and must contain the front perspective.</p>",
            items(Some(2), 8),
        ),
        (
            Str,
            true,
            "Media file ID list. N starts from 0, with a maximum of 19.",
            none(),
        ),
        (
            Str,
            true,
            "Image URL. The image cannot exceed 5 MB in size after being Base64-encoded. Up to 4,000 px for JPG.",
            none(),
        ),
        (
            Str,
            true,
            "Filters. Each filter can have up to 5 values.",
            none(),
        ),
        (
            Str,
            true,
            "Instance IDs. You can query up to 100 instances at a time. Up to 20 of them may be stopped.",
            none(),
        ),
        (Other, false, "Tag list. Up to 50 tags.", none()),
        // length and ascii
        (
            Str,
            false,
            "Game server session ID. It should contain 1 to 256 ASCII characters.",
            len_ascii(Some(1), 256),
        ),
        (
            Str,
            false,
            "The custom ID of game server session. Up to 4096 ASCII characters are allowed.",
            len_ascii(None, 4096),
        ),
        (
            Str,
            false,
            "A unique string supplied by the client to ensure that the request is idempotent. Its maximum length is 64 ASCII characters.",
            len_ascii(None, 64),
        ),
        (
            Str,
            false,
            "Topic remarks (up to 128 characters)",
            len(None, 128),
        ),
        (
            Str,
            false,
            "New image name, which can contain up to 60 characters.",
            len(None, 60),
        ),
        (
            Str,
            false,
            "<P>Command description. no more than 120 characters.</p>.",
            len(None, 120),
        ),
        (
            Str,
            false,
            "Description. The length is 0-100 characters.",
            len(None, 100),
        ),
        (
            Str,
            false,
            "Server fleet name. The length is 1-50 characters.",
            len(Some(1), 50),
        ),
        (
            Str,
            false,
            "<p>DynamicInstance name. The length is limited to 1–64 characters and can only contain lowercase letters.</p>",
            len(Some(1), 64),
        ),
        (
            Str,
            false,
            "Rotating image template name. Length limit: 64 characters.",
            len(None, 64),
        ),
        (
            Str,
            false,
            "CDH instance name to be displayed. You can specify any name you like, but its length cannot exceed 60 characters.",
            len(None, 60),
        ),
        (
            Str,
            false,
            "Playback key, consisting of upper- and lower-case letters (a - Z) or numbers (0 - 9), with a length between 8 and 20 characters.",
            len(Some(8), 20),
        ),
        (
            Str,
            false,
            "Client Token, used for ensuring request idempotency. ClientToken supports only ASCII characters.",
            Constraints {
                ascii: true,
                ..none()
            },
        ),
        (
            Str,
            false,
            "<p>Task flow name (support Chinese, up to 20 characters).</p>",
            none(),
        ),
        (
            Str,
            false,
            "It **can contain up to 64 letters, digits, and special symbols (_-@#)**.",
            none(),
        ),
        (
            Str,
            false,
            "IDFA, a string of hexadecimal 32 characters including numbers and letters.",
            none(),
        ),
        (
            Str,
            false,
            "Name. Up to 60 characters for a Chinese name, or 120 bytes.",
            none(),
        ),
        (
            Str,
            false,
            "Remark, up to 20 characters if it is a domain, up to 40 characters otherwise.",
            none(),
        ),
        (
            Str,
            false,
            "File name with suffix, up to 255 bytes.",
            none(),
        ),
        // ranges
        (
            Int,
            false,
            "Timeout period of time-limited protection. Value range: 5-1440 minutes. Default value: 60 minutes.",
            range(Some(5), Some(1440)),
        ),
        (
            UInt,
            false,
            "Number of the returned instances. Value range: [1, 100]. Default value: 20",
            range(Some(1), Some(100)),
        ),
        (
            UInt,
            false,
            "Weight of the backend service. Value range: **0-100**. Default value: **100**.",
            range(Some(0), Some(100)),
        ),
        (
            Int,
            false,
            "Relative image quality. Valid range: 1 - 100.",
            range(Some(1), Some(100)),
        ),
        (
            UInt,
            false,
            "<p>Query limit</p><p>Value range: [1, 300]</p>",
            range(Some(1), Some(300)),
        ),
        (
            Int,
            false,
            "Ports monitored by the model service. Only integers between 1 and 65535 are supported.",
            range(Some(1), Some(65535)),
        ),
        (
            UInt,
            false,
            "Number of results to be returned. Default value: 20. Maximum value: 100.",
            range(None, Some(100)),
        ),
        (
            UInt,
            false,
            "Maximum number of game sessions. Value range: 1-2,147,483,647.",
            range(Some(1), Some(2_147_483_647)),
        ),
        (
            UInt,
            false,
            "Interval between I-frames. GOP value range: 0 and [1, 100000].",
            none(),
        ),
        (
            UInt,
            false,
            "Unconsumed message expiration time. measurement unit: seconds. value range: 60 seconds to 15 days.",
            none(),
        ),
        (
            Int,
            false,
            "Whether there is permission to manage agents. Valid values: 1 (yes), 2 (no).",
            none(),
        ),
        (
            UInt,
            false,
            "The new bandwidth cap in Mbps. Values: `5`, `10`, `20`. Limited to [5,100] Mbps and [200,1000] Mbps.",
            none(),
        ),
        (
            Int,
            false,
            "Initial serial number. the value range is related to the IndexLength parameter: when IndexLength is 0, the value range is [0, 99999999].",
            none(),
        ),
        (Int, false, "Valid values: 0-disabled, 1-enabled.", none()),
        (UInt, false, "Edge quality. Value range: (0, 100].", none()),
        (UInt, false, "Value range: -1 to 100.", none()),
        (
            Float,
            false,
            "Edge fusion strength, default 0.5. Value range: [0, 1.0]",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Float(1.0)),
                }),
                ..none()
            },
        ),
        (
            Int,
            false,
            "Value range: 1-100 for standard, 1-50 for basic.",
            none(),
        ),
        (Str, false, "Value range: 1-100.", none()),
        // enums
        (
            Str,
            false,
            "Protection policy. Valid values: NoProtection (no protection), FullProtection (full protection), TimeLimitProtection (time-limited protection)",
            one_of(&["NoProtection", "FullProtection", "TimeLimitProtection"]),
        ),
        (
            Str,
            false,
            "Whether to select scaling. Valid values: SCALING_SELECTED, SCALING_UNSELECTED. Default value: SCALING_UNSELECTED.",
            one_of(&["SCALING_SELECTED", "SCALING_UNSELECTED"]),
        ),
        (
            Str,
            false,
            "Sorting order. Valid values: `asc`, `desc`. Default value: `desc` by creation time.",
            one_of(&["asc", "desc"]),
        ),
        (
            Str,
            false,
            "IP address version. Value: IPv4 or IPv6.",
            one_of(&["IPv4", "IPv6"]),
        ),
        (
            Str,
            false,
            "Capability configuration switch. Valid values:\n<li>ON: enabled;</li>\n<li>OFF: disabled</li>\nDefault value: ON.",
            one_of(&["ON", "OFF"]),
        ),
        (
            Str,
            false,
            "<p>File category. Valid values:</p><ul><li>Image: image;</li><li>Video: video;</li><li>Audio: audio;</li></ul>",
            one_of(&["Image", "Video", "Audio"]),
        ),
        (
            Str,
            false,
            "Status of the task. Valid values:\n- QUEUED: Queuing.\n- PROCESSING: In progress.\n- FINISHED: Finished.",
            one_of(&["QUEUED", "PROCESSING", "FINISHED"]),
        ),
        (
            Str,
            false,
            "Event status. Values: `RUNNING`; `FINISHED` (invoked successfully); `ABORTED` (invocation ended); `FAILED` (invocation failed)",
            one_of(&["RUNNING", "FINISHED", "ABORTED", "FAILED"]),
        ),
        (
            Str,
            true,
            "Types of node that need to restart. Valid values: gtm, cn, dn and fn.",
            one_of(&["gtm", "cn", "dn", "fn"]),
        ),
        (
            Str,
            false,
            "The account to which the resource belongs. Valid values: empty or `self` (the current account); `other` (another account).",
            none(),
        ),
        (
            Str,
            false,
            "Whether to associate: CCN_SELECTED_BEFORE_CREATE (associate before creation), or CCN_UNSELECTED; CCN_UNSELECTED by default",
            none(),
        ),
        (
            Str,
            false,
            "Health check method. Valid values: HEAD, GET. Default value: POST",
            none(),
        ),
        (
            Str,
            false,
            "Subtype. Valid values: [cvm (CVM), lb (CLB), eni (ENI)]",
            none(),
        ),
        (
            Str,
            false,
            "Number of entries. Valid values: integers between 10 and 100",
            none(),
        ),
        (
            Str,
            false,
            "Mode. Valid values: A, B. Valid values for the old API: C, D.",
            none(),
        ),
        (
            Str,
            false,
            "The trigger type. Default value: `CosFileUpload`.",
            none(),
        ),
        (
            Str,
            false,
            "Format, e.g. values: mp4, flv, such as hls.",
            none(),
        ),
        (
            Str,
            false,
            "Valid values:\n<li>If left empty, all are returned;</li>\n<li>`Running`: running.</li>",
            none(),
        ),
        (
            Int,
            false,
            "The position. Valid values: `0` (top left), `1` (top right).",
            none(),
        ),
        (
            Str,
            false,
            "Instance type. Valid values:<li>Cluster;</li> <li>Node.</li>",
            one_of(&["Cluster", "Node"]),
        ),
        (
            Str,
            false,
            "Alert level policy control. Each binary bit represents a meaning, and the value is passed as a string.\nThe control switch can be high, medium, or low, corresponding to the third, second, and first binary bit, respectively. Valid values: `0` (off); `1` (on).\nFor example, the binary value is `110`.",
            none(),
        ),
    ];
    assert!(table.len() >= 40);
    let mut failures = Vec::new();
    for (shape, list, text, want) in &table {
        let got = run(*shape, *list, text);
        if got != *want {
            failures.push(format!("{text:?}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

#[test]
fn examples_veto_contradicted_constraints() {
    let mut c = run(Str, false, "Mode. Valid values: A, B.");
    assert_eq!(c.drop_contradicted("C", false), 1);
    assert!(c.is_empty());
    let mut c = run(UInt, false, "Value range: 1-100.");
    assert_eq!(c.drop_contradicted("50", false), 0);
    assert_eq!(c.drop_contradicted("500", false), 1);
    let mut c = run(Str, false, "Name, up to 5 ASCII characters.");
    assert_eq!(c.drop_contradicted("名字", false), 1);
    assert_eq!(c, len(None, 5));
}

use Shape::Other;
