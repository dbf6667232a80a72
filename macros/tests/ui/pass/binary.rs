//! Binary actions expand through the macro as through the CLI: the hand-written cls
//! `UploadLog` (a raw body with header members) and the binary-actions fixture's form.

mod cls {
    tcapi_macros::include_spec!("../specs/cls/2020-10-16.yaml");
}
mod upload {
    tcapi_macros::include_spec!("../codegen/tests/fixtures/upload.yaml");
}

use tcapi::Action;
use tcapi::payload::Payload;

fn main() {
    let log = cls::UploadLogRequest::new(b"\x0a\x00".to_vec(), "topic-1");
    let Payload::OctetStream(raw) = log.payload() else {
        panic!("UploadLog is a raw body");
    };
    assert_eq!(&raw.body()[..], b"\x0a\x00");
    assert_eq!(
        raw.headers(),
        [("X-CLS-TopicId".to_owned(), "topic-1".to_owned())]
    );
    let file = upload::UploadFileRequest::new(b"bytes".to_vec()).name("a.txt");
    let Payload::Multipart(form) = file.payload() else {
        panic!("UploadFile is a form");
    };
    assert_eq!(form.len(), 2);
    assert!(matches!(
        upload::DescribeFilesRequest::new().payload(),
        Payload::Json
    ));
}
