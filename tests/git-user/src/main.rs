//! Builds a DescribeInstances request with the `tcapi-cvm` crate taken from the repository
//! by git (generated at build time from its specs) and checks it against its documented
//! constraints.

use tcapi::Validate as _;
use tcapi_cvm::DescribeInstancesRequest;

fn main() {
    let request = DescribeInstancesRequest::new().limit(20);
    request.validate().expect("a valid request");
    println!(
        "git user: {} {} from the repository by git",
        tcapi_cvm::SERVICE.name,
        tcapi_cvm::SERVICE.version
    );
}
