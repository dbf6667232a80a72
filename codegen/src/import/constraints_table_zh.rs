//! Sample check of constraint extraction from Chinese text (the `tccli` set): sentences as
//! they stand in the official definitions (sampled from every service), each with what it
//! must yield, or nothing (conditional, hedged, per-element and byte-counted statements).

use super::constraints::{Bounds, Constraints, Num, Shape, extract};
use super::constraints_zh;
use super::markdown::{plain, to_markdown};

/// Chinese text through the Chinese reader, English text through the English one.
fn run(shape: Shape, list: bool, text: &str) -> Constraints {
    let md = to_markdown(text);
    let plain = plain(&md);
    if constraints_zh::is_chinese(&plain) {
        constraints_zh::extract(&md, shape, list)
    } else {
        extract(&md, &plain, shape, list)
    }
}

fn b(min: Option<u64>, max: Option<u64>) -> Option<Bounds<u64>> {
    Some(Bounds { min, max })
}

fn vals(values: &[&str]) -> Option<Vec<String>> {
    Some(values.iter().map(|v| (*v).to_owned()).collect())
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

use Shape::{Float, Int, Other, Str, UInt};

#[test]
fn chinese_extraction_matches_the_prose() {
    let table: Vec<(Shape, bool, &str, Constraints)> = vec![
        (
            Int,
            false,
            "每页输出的任务列表大小。默认值为20，最小值为1，最大值为100。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(100)),
                }),
                default: s("20"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>过期时间（仅针对轻量主题类型）</p><p>取值范围：[30, 720]</p><p>单位：分钟</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(30)),
                    max: Some(Num::Int(720)),
                }),
                unit: s("min"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>本次购买几个实例，默认值为1。取值不超过10</p>",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(10)),
                }),
                default: s("1"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>指定查询结果的分页大小，即每页返回的记录数量。</p><ul><li>取值范围：0～200。</li><li>默认值：200。</li></ul>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(200)),
                }),
                default: s("200"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>HTTP 应答超时时间。</p><p>取值范围：[5, 600]</p><p>单位：秒</p><p>默认值：15</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(5)),
                    max: Some(Num::Int(600)),
                }),
                default: s("15"),
                unit: s("s"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "返回数量，默认为20，最大值为50。",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(50)),
                }),
                default: s("20"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>每页大小，默认10，取值范围为 [1,100]，越界时自动收敛到边界值</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(100)),
                }),
                default: s("10"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>Serverless实例个数最大值，范围[1,15]</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(15)),
                }),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "统计阈值，单位是次，取值范围0-4294967294。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(4294967294)),
                }),
                unit: s("次"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "返回最大数量，默认 20, 最大值 100",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(100)),
                }),
                default: s("20"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>拉取上传进度，取值范围 [0-100] 。</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(100)),
                }),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "画布高度，即输出视频的高度（或长边），取值范围：0~ 3840，单位：px。\n默认值：0，表示和第一个视频轨的第一个视频片段的视频高度一致。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(3840)),
                }),
                default: s("0"),
                unit: s("px"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>每页大小。非必填，默认 10，取值范围 [10, 200]</p>\n注意：此字段可能返回 null，表示取不到有效值。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(10)),
                    max: Some(Num::Int(200)),
                }),
                default: s("10"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>返回数量，不填则默认为20，最大值200</p>",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(200)),
                }),
                default: s("20"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "返回记录条数，默认值：100，最大值：100。",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(100)),
                }),
                default: s("100"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "健康阈值，表示连续检查成功多少次后认定源站健康。范围为1到10",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(10)),
                }),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "<p>分页单页数量</p><p>取值范围：[0, 100]</p><p>默认值：20</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(100)),
                }),
                default: s("20"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "集群用量占比，到达这个值后开始扩容,范围[10-90]",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(10)),
                    max: Some(Num::Int(90)),
                }),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "需要返回的数量，默认为10，最大值为100",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(100)),
                }),
                default: s("10"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "<p>符合搜索条件的记录总数。</p><li>最大值：5000。当命中记录数超过5000时，该字段将返回 5000，而非实际命中总数。</li>",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(5000)),
                }),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "混流-输出流高，音视频输出时必填。取值范围[0,1080]，单位为像素值。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(1080)),
                }),
                unit: s("pixels"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "<p>重复次数。取值范围 [1, 10]</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(10)),
                }),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "返回数量，不填则默认为10，最大值为20。",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(20)),
                }),
                default: s("10"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "每页数量（取值范围为1-200）",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(200)),
                }),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "每次循环检测的时长。取值范围（单位s）：\n\n- 最小值：10\n- 最大值：86400\n",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(10)),
                    max: Some(Num::Int(86400)),
                }),
                unit: s("s"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "帧率。取值范围[1,60]，表示帧率可选范围为1到60fps。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "<p>每页显示的数据条数。默认值为10 ，最小值为10，最大值为200。</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(10)),
                    max: Some(Num::Int(200)),
                }),
                default: s("10"),
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "<p>队列中弹性节点数量最大值。默认值：10。取值范围：0～200。</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(200)),
                }),
                default: s("10"),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "发音精准度，取值范围[-1, 100]，当取-1时指完全不匹配，当为句子模式时，是所有已识别单词准确度的加权平均值，在reftext中但未识别出来的词不计入分数中。当为流式模式且请求中IsEnd未置1时，取值无意义。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "<p>相似度。- 取值范围 [0.00, 100.00]。- 推荐相似度大于等于70时可判断为同一人（采用固定阈值70，误通过率为万分之一，不支持调整阈值）。</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Float(0.0)),
                    max: Some(Num::Float(100.0)),
                }),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "发音完整度，取值范围[0, 1]，当为词模式时，取值无意义；当为流式模式且请求中IsEnd未置1时，取值无意义",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "<p>倾向度</p><p>取值范围：[0, 1]</p>\n注意：此字段可能返回 null，表示取不到有效值。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(1)),
                }),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "智能分类的可信度，取值范围是 0 到 100。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(100)),
                }),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "视频在本次检索中的得分，得分越高和检索值越相似，取值范围[0,1]\n注意：此字段可能返回 null，表示取不到有效值。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(1)),
                }),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "<p>帧率。取值范围：[15, 60]，不填默认值为 25。</p><p>单位：帧</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(15)),
                    max: Some(Num::Int(60)),
                }),
                default: s("25"),
                unit: s("frames"),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "<p>最低积分系数路由算法相对近优容差</p><p>取值范围：[0, 100]</p><p>默认值：0</p><p>仅最低积分系数路由算法生效。0 表示请求仅会路由到积分系数最低的上游大模型部署；0.10 表示请求最多会路由到比积分系数最小值高10%的上游大模型部署，依次类推。</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(100)),
                }),
                default: s("0"),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "<p>输入积分系数。</p><p>取值范围：[1, 5000]</p><p>默认值：25</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(5000)),
                }),
                default: s("25"),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "控制环境音的音量。取值的范围是 [0,2]。值越低，环境音越小；值越高，环境音越响亮。如果未设置，则使用默认值 1。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(2)),
                }),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "细节增强强度，仅当细节增强控制开关为 ON 时有效，取值范围：0.0~1.0。\n默认：0.0。",
            Constraints {
                default: s("0.0"),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "置信度，取值范围是 0 到 100。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(0)),
                    max: Some(Num::Int(100)),
                }),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "输入时间范围内所有慢sql执行的总时间，单位毫秒（ms）",
            Constraints {
                unit: s("ms"),
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "<p>过满删除容量占比，0.0 表示关闭</p><p>取值范围：[0.0, 1.0]</p>",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Float(0.0)),
                    max: Some(Num::Float(1.0)),
                }),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "如果填写，会和字幕绑定发送到端上，注意确保内容为json字符串",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>RTMP推流地址自定义StreamName（仅RTMP需要，支持英文、数字、_、-、.、长度不超过64位）</p>",
            Constraints {
                length: b(None, Some(64)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "实例唯一标识符（字符串表示）",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>使用 JSON 字符串表示的配置信息</p><p>调用此接口前，需要先调用DescribeCompanyDirectoryConfig获取完整的配置，然后对里面需要更新的配置进行修改，请求的时候必须传完整配置，否则可能导致配置缺失出现错误。如果是脱敏的信息，保持原样的脱敏格式提交，如果和脱敏格式不一致，会认为是新的配置值更新原有配置</p>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "备注信息，最多64个字符。",
            Constraints {
                length: b(None, Some(64)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "素材名称，长度限制：20 个字符。",
            Constraints {
                length: b(None, Some(20)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>表名，长度限制64，多个表名查询的话可以用空格连接</p>",
            Constraints {
                length: b(None, Some(64)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>备注，不超过100字符，仅支持中英文、数字、下划线、-</p>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "访问权限名称，模糊查询，最长64字符",
            Constraints {
                length: b(None, Some(64)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "返回数据长度，默认值为 20",
            Constraints {
                default: s("20"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "分级组描述，最多1024字符",
            Constraints {
                length: b(None, Some(1024)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>描述信息。<br>长度上限：1024字节。<br>仅支持中文、英文、数字、_、-。</p>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "自定义变量，json字符串",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "合约方法入参，json格式字符串，key/value都是string类型的map",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>集群版 ES 连接协议，默认http协议</p><p>枚举值：</p><ul><li>http： http协议</li><li>https： https协议</li></ul>",
            Constraints {
                enumeration: vals(&["http", "https"]),
                default: s("http"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "用户自定义人物审核任务开关，可选值：\n<li>ON：开启自定义人物审核任务；</li>\n<li>OFF：关闭自定义人物审核任务。</li>",
            Constraints {
                enumeration: vals(&["ON", "OFF"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "视频画面花屏检测开关，可选值：\n<li>ON：开启；</li>\n<li>OFF：关闭。</li>",
            Constraints {
                enumeration: vals(&["ON", "OFF"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>数据订阅的类型，当 DatabaseType 不为 mongodb 时，枚举值为：all-全实例更新；dml-数据更新；ddl-结构更新；dmlAndDdl-数据更新+结构更新。当 DatabaseType 为 mongodb 时，枚举值为 all-全实例更新；database-订阅单库；collection-订阅单集合</p>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "分辨率自适应，可选值：\n<li>open：开启，此时，Width 代表视频的长边，Height 表示视频的短边；</li>\n<li>close：关闭，此时，Width 代表视频的宽度，Height 表示视频的高度。</li>\n默认值：open。",
            Constraints {
                enumeration: vals(&["open", "close"]),
                default: s("open"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "重定向模式，可选值：\n- AUTO（自动重定向http到https）\n- NONE（不使用重定向）",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>Offset类型，最开始位置earliest，最新位置latest，时间点位置timestamp</p><p>枚举值：</p><ul><li>earliest： 最开始位置</li><li>latest： 最新位置</li><li>timestamp： 时间点位置</li></ul>",
            Constraints {
                enumeration: vals(&["earliest", "latest", "timestamp"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "取回模式，取值：\n<li>Expedited：极速模式</li>\n<li>Standard：标准模式</li>\n<li>Bulk：批量模式</li>",
            Constraints {
                enumeration: vals(&["Expedited", "Standard", "Bulk"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>付费类型</p><p>枚举值：</p><ul><li>PREPAID： 包年包月</li></ul>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>该字段在内容理解回调事件中可直接忽略，仅在第三方审核时存在，检出违规的模型场景，枚举值：Ad/Porn/Abuse/Illegal/Polity/Terror/Sexy/Moan/Custom</p>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>触发类型</p><p>枚举值：</p><ul><li>SUB_PROCESS_TRIGGER： 由嵌套工作流 SP 任务触发</li><li>SUB_PROCESS_MAKEUP： 由嵌套工作流 SP 任务补录触发</li><li>MANUAL_RUN_BY_USER： 手动触发</li></ul>\n注意：此字段可能返回 null，表示取不到有效值。",
            Constraints {
                enumeration: vals(&[
                    "SUB_PROCESS_TRIGGER",
                    "SUB_PROCESS_MAKEUP",
                    "MANUAL_RUN_BY_USER",
                ]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "文件类型，可选值：csv, original",
            Constraints {
                enumeration: vals(&["csv", "original"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>预付费类型</p><p>枚举值：</p><ul><li>1： 全预费</li><li>2： 部分预付</li><li>3： 不预付</li></ul>",
            Constraints {
                enumeration: vals(&["1", "2", "3"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "监听器转发的方式。可选值：WRR、LEAST_CONN\n分别表示按权重轮询、最小连接数， 默认为 WRR。",
            Constraints {
                enumeration: vals(&["WRR", "LEAST_CONN"]),
                default: s("WRR"),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "传统负载均衡器ID列表，列表长度上限为20，LoadBalancerIds 和 ForwardLoadBalancerIdentifications 二者同时最多只能指定一个。可以通过 [DescribeLoadBalancers](https://cloud.tencent.com/document/product/214/30685) 接口获取。",
            Constraints {
                items: b(None, Some(20)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "<p>单副本SSD硬盘ID列表。每次批量请求单副本SSD硬盘的上限为 100。</p>",
            Constraints {
                items: b(None, Some(100)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "拉流源url列表。\nSourceType为直播（PullLivePushLive）只可以填1个，\nSourceType为点播（PullVodPushLive）可以填多个，上限30个。",
            Constraints {
                items: b(None, Some(30)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "分组聚合维度。最多允许同时按照两种维度进行分组。取值如下：  <li>zone-id：按照站点 ID 进行分组，若使用了内容标识符功能，则优先按照内容标识符分组；<br></li><li>host：按照域名进行分组；<br></li> <li>proxy-id：按照四层代理实例 ID 进行分组；<br></li> <li>region-id：按照计费大区进行分组。</li> ",
            Constraints {
                enumeration: vals(&["zone-id", "host", "proxy-id", "region-id"]),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "负载均衡实例ID。实例ID数量上限为20个。",
            Constraints {
                items: b(None, Some(20)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "订阅音频流黑名单，指定不订阅哪几个UserId的音频流，例如[\"1\", \"2\", \"3\"], 代表不订阅UserId 1，2，3的音频流。默认不填订阅房间内所有音频流，订阅列表用户数不超过20。\n注意：只能同时设置UnSubscribeAudioUserIds、SubscribeAudioUserIds 其中1个参数",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "订阅音频流黑名单，指定不订阅哪几个UserId的音频流，例如[\"1\", \"2\", \"3\"], 代表不订阅UserId 1，2，3的音频流；[\"1.*$\"], 代表不订阅UserId前缀为1的音频流。默认不填订阅房间内所有音频流，订阅列表用户数不超过32。\n注意：此字段可能返回 null，表示取不到有效值。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "批量修改的域名数组\n个数最大不超过4000",
            Constraints {
                items: b(None, Some(4000)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "<p>合同流程ID数组，最多支持100个。</p><p>注: </p><ol><li>必须选择提供此参数或合同组编号中的一个。</li><li>当生成类型（GenerateType）设为“ALL”时，不可提供多个流程ID。</li></ol>",
            Constraints {
                items: b(None, Some(100)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "要绑定的云硬盘ID列表，一次请求最多绑定80块云盘。",
            Constraints {
                items: b(None, Some(80)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "安全组实例ID，例如：sg-33ocnj9n。每次请求的实例的上限为100。参数不支持同时指定SecurityGroupIds和Filters。",
            Constraints {
                items: b(None, Some(100)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "按照一个或者多个伸缩组ID查询。伸缩组ID形如：`asg-nkdwoui0`。每次请求的上限为100。参数不支持同时指定`AutoScalingGroupIds`和`Filters`。",
            Constraints {
                items: b(None, Some(100)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "备节点可用区，默认为空。如果是多节点架构时必传，并且当MultiZones=true时备节点可用区不能全部相同。备机可用区集合最小为2个，最大不超过5个。",
            Constraints {
                items: b(Some(2), Some(5)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "<p>Agent ID 列表，最多支持 100 个。</p>",
            Constraints {
                items: b(None, Some(100)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>账号组成员信息列表，最多100个</p>",
            Constraints {
                items: b(None, Some(100)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>实例数据盘配置信息。<br>最多支持指定11块数据盘。采取整体修改，因此请提供修改后的全部值。<br>数据盘类型默认与系统盘类型保持一致。</p>",
            Constraints {
                items: b(None, Some(11)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>推送CLS日志服务的操作 最多1个</p>",
            Constraints {
                items: b(None, Some(1)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>端口映射。</p><p>入参限制：七层支持1个端口映射，四层支持最多30个端口映射。</p>",
            Constraints {
                items: b(None, Some(30)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "语音翻译片段列表。\n<font color=red>注意</font> ：该列表最多仅展示前 100 个元素。如希望获得完整结果，请从 SegmentSetFileUrl 对应的文件中获取。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "主力地址池集合，最多允许配置四级",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "上报的商品数组，一次数量不超过50",
            Constraints {
                items: b(None, Some(50)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>开通堡垒机的子网信息，最多支持2个子网</p>",
            Constraints {
                items: b(None, Some(2)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "过滤条件列表，多个条件为且关系，Filters.Values 的上限为 20。详细的过滤条件如下：\n<li>rule-id：按照【规则 ID】进行精确匹配。</li>\n<li>function-id：按照【函数 ID】进行精确匹配。</li>\n<li>remark：按照【规则描述】进行模糊匹配。</li>",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "过滤条件\n    Filter.Name: 枚举值: ModelJobName (任务名称)|TrainingModelVersionId (模型版本id)\n    Filter.Values: 当长度为1时，支持模糊查询; 不为1时，精确查询\n每次请求的Filters的上限为10，Filter.Values的上限为100",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>权重路由配置，最多10个</p>",
            Constraints {
                items: b(None, Some(10)),
                ..Default::default()
            },
        ),
        (
            Other,
            true,
            "<p>指定的内网IP信息，单次最多指定10个。</p>",
            Constraints {
                items: b(None, Some(10)),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "分片存储空间大小，单位：GB，可以通过 DescribeShardSpec\n 查询实例规格获得。",
            Constraints {
                unit: s("GB"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "（此参数为旧参数，请填写新参数Concurrent，二者必须填写一个）通道并发量上限，表示同时在线的连接数，单位：万。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "网络收发包能力，单位万PPS。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>内存容量，单位b</p>",
            Constraints {
                unit: s("b"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>人脸框的宽度。<br>单位：px</p>",
            Constraints {
                unit: s("px"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>超时配置，单位秒</p>",
            Constraints {
                unit: s("s"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "超时时间，单位秒",
            Constraints {
                unit: s("s"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>文件到达模式下 最小触发间隔</p><p>取值范围：[1, 1440]</p><p>单位：分钟</p>\n注意：此字段可能返回 null，表示取不到有效值。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Int(1)),
                    max: Some(Num::Int(1440)),
                }),
                unit: s("min"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>防护IP数</p><p>默认值：0</p>",
            Constraints {
                default: s("0"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "<p>修改预设规则时传入,是否应用到新增的Topic</p><p>枚举值：</p><ul><li>0： 不允许应用到新增的topic</li><li>1： 允许应用到新增的topic</li></ul><p>默认值：0</p>",
            Constraints {
                default: s("0"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "Period，监控指标时间粒度，单位秒，若不提供则根据开始时间和结束时间取默认值",
            Constraints {
                unit: s("s"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "视频流的码率，单位：bps。",
            Constraints {
                unit: s("bps"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "额外购买的CFS性能值，单位MB/s。",
            Constraints {
                unit: s("MB/s"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "分页返回的起始偏移量，默认值：0。将返回第 Offset 到第 Offset+Limit-1 条。\n取值范围：Offset + Limit 不超过5000。",
            Constraints {
                default: s("0"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "请求远程鉴权服务器超时后执行拦截或者放行；\nRETURN_200: 超时后放行；\nRETURN_403:超时拦截；\n默认值:RETURN_200",
            Constraints {
                default: s("RETURN_200"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>指定模型输出图片文件格式，若不指定则跟随模型默认值。可选值：</p><ul><li>jpeg</li><li>png</li></ul>",
            Constraints {
                enumeration: vals(&["jpeg", "png"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>IP版本，可取值：IPv4、IPv6，默认值IPv4</p>",
            Constraints {
                enumeration: vals(&["IPv4", "IPv6"]),
                default: s("IPv4"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "hai实例关机的模式，目前仅支持关机不收费：\nSTOP_CHARGE -- 关闭hai实例，释放计算资源，停止收取计算资源的费用。\n注意：默认值为STOP_CHARGE",
            Constraints {
                default: s("STOP_CHARGE"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "API Key 停用原因。取值：NORMAL（正常，默认值），QUOTA_EXHAUSTED（API Key额度包耗尽），ABNORMAL（异常，需人工介入）",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>行间距。正整数。</p><ul><li>像素：Npx，N 取值范围： [0, 1000]。</li><li>百分比：N%，N 取值范围：[0, 100]。</li></ul><p>默认值：0</p>",
            Constraints {
                default: s("0"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "画质修复类型，可选值：weak，normal，strong;\n默认值: weak",
            Constraints {
                enumeration: vals(&["weak", "normal", "strong"]),
                default: s("weak"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>计费模式</p><p>枚举值：</p><ul><li>PREPAID： 包年包月</li><li>POSTPAID： 按量付费</li></ul><p>默认值：默认为包年包月(PREPAID)</p>",
            Constraints {
                enumeration: vals(&["PREPAID", "POSTPAID"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "节点[计费类型](https://cloud.tencent.com/document/product/213/2180)。<br><li>PREPAID：预付费，即包年包月</li><br><li>POSTPAID_BY_HOUR：按小时后付费</li><br><li>SPOTPAID：竞价付费<br>默认值：POSTPAID_BY_HOUR。</li>",
            Constraints {
                default: s("POSTPAID_BY_HOUR"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>重复挑战的时间间隔，当 ChallengeOption 为 InterstitialChallenge/InlineChallenge 时，该字段必填。默认值为 300s。支持的单位有：<li>s：秒，取值范围1～60；</li><li>m：分，取值范围1～60；</li><li>h：小时，取值范围1～24。</li></p>",
            Constraints {
                default: s("300s"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "启动模式。\n取值范围：`Legacy BIOS`、`UEFI`\n默认值：Legacy BIOS",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "列表排序方式，取值有：<li>asc：升序排列；</li><li>desc：降序排列。</li>默认值为 asc。",
            Constraints {
                enumeration: vals(&["asc", "desc"]),
                default: s("asc"),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "<p>节点<a href=\"https://cloud.tencent.com/document/product/213/2180\">计费类型</a>。<br><li>PREPAID：预付费，即包年包月</li><li>POSTPAID_BY_HOUR：按小时后付费</li><li>SPOTPAID：竞价付费</li>默认值：POSTPAID_BY_HOUR。</p>",
            Constraints {
                default: s("POSTPAID_BY_HOUR"),
                ..Default::default()
            },
        ),
        // Written for this table: the phrasings the sample did not cover.
        (
            UInt,
            false,
            "取值范围：1~100，0表示不限制。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            UInt,
            false,
            "取值范围：1~100，默认值：200。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "取值范围：1~100，200。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "实例 ID 列表，最多支持25个。",
            Constraints {
                items: b(None, Some(25)),
                ..Default::default()
            },
        ),
        (
            Str,
            true,
            "每个标签最多支持10个值。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "名称，长度不超过256个字符。",
            Constraints {
                length: b(None, Some(256)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "密码，长度为8~16位。",
            Constraints {
                length: b(Some(8), Some(16)),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "名称，长度不超过60个字节。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "类型，可选值：A、B、C。",
            Constraints {
                enumeration: vals(&["A", "B", "C"]),
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "类型，可选值：A、B。默认值：C。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "带宽，单位：Mbps，最大值：1000Mbps。",
            Constraints {
                range: Some(Bounds {
                    min: None,
                    max: Some(Num::Int(1000)),
                }),
                unit: s("Mbps"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "磁盘大小，单位：GB，最大值：1TB。",
            Constraints {
                unit: s("GB"),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "当类型为 A 时，取值范围：1~10。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "Offset + Limit 不超过5000。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Str,
            false,
            "取值范围：1~100。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Float,
            false,
            "权重，取值范围：[0.5, 1.5]。",
            Constraints {
                range: Some(Bounds {
                    min: Some(Num::Float(0.5)),
                    max: Some(Num::Float(1.5)),
                }),
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "权重，取值范围：[0.5, 1.5]。",
            Constraints {
                ..Default::default()
            },
        ),
        (
            Int,
            false,
            "返回数量，默认为20，最大值为100，最大值为50。",
            Constraints {
                default: s("20"),
                ..Default::default()
            },
        ),
    ];
    assert!(table.len() >= 70, "{} rows", table.len());
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
fn examples_veto_chinese_constraints() {
    let mut c = run(Str, false, "模式，可选值：A、B。");
    assert_eq!(c.drop_contradicted("C", false), 1);
    assert!(c.is_empty());
    let mut c = run(UInt, false, "数量，取值范围：1~100。");
    assert_eq!(c.drop_contradicted("50", false), 0);
    assert_eq!(c.drop_contradicted("500", false), 1);
    assert!(c.is_empty());
}

#[test]
fn english_and_chinese_unite_without_contradiction() {
    let en = run(UInt, false, "Number of results. Value range: 1-100.");
    let zh = run(UInt, false, "返回数量，最大值：100，默认值：20。");
    let (c, dropped) = Constraints::unite(vec![en.clone(), zh]);
    assert_eq!((c.range, dropped), (en.range, 0));
    assert_eq!(c.default, s("20"));
    let zh = run(UInt, false, "返回数量，最大值：50。");
    let (c, dropped) = Constraints::unite(vec![en, zh]);
    assert_eq!((c.range, dropped), (None, 1));
    let en = run(Str, false, "Mode. Valid values: `a`, `b`.");
    let zh = run(Str, false, "模式，可选值：a、b、c。");
    let (c, _) = Constraints::unite(vec![en, zh.clone()]);
    assert_eq!(c.enumeration, vals(&["a", "b", "c"]));
    let other = run(Str, false, "模式，可选值：x、y。");
    let (c, dropped) = Constraints::unite(vec![zh, other]);
    assert_eq!((c.enumeration, dropped), (None, 1));
}
