//! The README's paging and waiting examples run against `tcapi-mock`: every instance of a
//! collection served across pages, and an instance waited for until it runs.

#[allow(dead_code)] // its `main` is the example's
#[path = "../examples/list_all_instances.rs"]
mod list_all_instances;
#[allow(dead_code)]
#[path = "../examples/wait_for_instance.rs"]
mod wait_for_instance;

#[tokio::test]
async fn list_all_instances_reads_every_page() {
    if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some() {
        return; // the example would call Tencent Cloud
    }
    assert_eq!(list_all_instances::run().await.unwrap(), 250);
}

#[tokio::test]
async fn wait_for_instance_waits_until_running() {
    if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some() {
        return;
    }
    assert_eq!(wait_for_instance::run().await.unwrap(), "RUNNING");
}
