//! Return URLs restricted to the API key's allow-list of origins (`IDV_RETURN_ORIGINS`): the
//! rule of the return URL (https, localhost in development) first, then the origin.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn return_urls_off_the_allow_list_are_refused() {
    let h = Harness::with(|c| {
        c.return_origins = vec![
            "https://bank.example".to_owned(),
            "http://localhost:3000".to_owned(),
        ]
    });
    for (i, url) in [
        "https://bank.example/done?x=1",
        "https://BANK.example",
        "http://localhost:3000/back",
    ]
    .into_iter()
    .enumerate()
    {
        let r = h
            .post(
                "/v1/sessions",
                Some(KEY),
                Some(json!({"ref_id": format!("ok-{i}"), "return_url": url})),
            )
            .await;
        assert_eq!(r.status.as_u16(), 201, "{url}: {}", r.text);
    }
    for (i, url) in [
        "https://bank.example.evil.example/done",
        "https://evil.example/?next=https://bank.example",
        "https://bank.example:8443/done",
        "http://localhost:4000/",
        "http://bank.example/done",
        "javascript:alert(1)",
    ]
    .into_iter()
    .enumerate()
    {
        h.post(
            "/v1/sessions",
            Some(KEY),
            Some(json!({"ref_id": format!("no-{i}"), "return_url": url})),
        )
        .await
        .assert_error(422, "invalid_return_url");
    }
    // Without a list, any URL the rule accepts.
    let open = Harness::new();
    let r = open
        .post(
            "/v1/sessions",
            Some(KEY),
            Some(json!({"ref_id": "any", "return_url": "https://evil.example/"})),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text);
}

#[tokio::test]
async fn configured_image_sources_join_img_src_and_nothing_else() {
    // An integrator's logo host (docs/theming.md) is added to img-src only.
    let h = Harness::with(|c| c.img_sources = "https://cdn.acme.example".to_owned());
    let r = h.get("/v1/no/such/call", None).await;
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(
            "img-src 'self' blob: data: https://cdn.acme.example; media-src 'self' blob:;"
        ),
        "{csp}"
    );
    assert_eq!(csp.matches("cdn.acme.example").count(), 1, "{csp}");
}
