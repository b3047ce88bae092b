//! Kinesis `SubscribeToShard`, generated from AWS's published model by `cargo xtask all-models`,
//! end to end on loopback: a server answers with a real event stream (the initial response, record
//! batches, an event this client does not know, a corrupted message, and the stream's modeled
//! error), sent in small pieces, and the generated client reads every message as aws-sdk-kinesis
//! would. Then the client's endpoints: each operation binds its stream or consumer ARN and its
//! operation type, and calls go where the model's own endpoint tests say.

mod loopback;

use std::convert::Infallible;
use std::sync::Mutex;

use aws_kinesis::config::{Credentials, RetryConfig};
use aws_kinesis::primitives::event_stream::RawMessage;
use aws_kinesis::types::error::SubscribeToShardEventStreamError;
use aws_kinesis::types::{ShardIteratorType, StartingPosition, SubscribeToShardEventStream};
use aws_kinesis::{Client, Config, SdkError};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, Response};
use loopback::{Pieces, event, message};

/// The stream the server sends, in order.
fn stream() -> Vec<u8> {
    let mut corrupted = event(
        "SubscribeToShardEvent",
        r#"{"Records":[],"ContinuationSequenceNumber":"0","MillisBehindLatest":0}"#,
    );
    let at = corrupted.len() - 8;
    corrupted[at] ^= 0x40;
    [
        event("initial-response", "{}"),
        event(
            "SubscribeToShardEvent",
            r#"{"Records":[{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ApproximateArrivalTimestamp":1.7e9,"Data":"aGVsbG8gd29ybGQ=","PartitionKey":"pk","EncryptionType":"KMS"}],"ContinuationSequenceNumber":"49590338271490256608559692538361571095921575989136588899","MillisBehindLatest":1500,"ChildShards":[]}"#,
        ),
        event("ANewEventType", r#"{"anything":[1,2,3]}"#),
        corrupted,
        event(
            "SubscribeToShardEvent",
            r#"{"Records":[],"ContinuationSequenceNumber":"7","MillisBehindLatest":0}"#,
        ),
        message(
            "exception",
            ":exception-type",
            "KMSThrottlingException",
            r#"{"message":"Rate exceeded for KMS"}"#,
        ),
    ]
    .concat()
}

async fn answer(request: Request<Incoming>) -> Result<Response<Pieces>, Infallible> {
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = request.into_body().collect().await.map(|b| b.to_bytes());
    assert_eq!(target, "Kinesis_20131202.SubscribeToShard");
    let body = String::from_utf8(body.expect("the request body").to_vec()).expect("UTF-8");
    assert_eq!(
        body,
        r#"{"ConsumerARN":"arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1","ShardId":"shardId-000000000000","StartingPosition":{"Type":"LATEST"}}"#
    );
    Ok(Response::builder()
        .status(200)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amzn-requestid", "kinesis-request-1")
        .body(Pieces::new(stream(), 5))
        .expect("a response"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = loopback::serve(answer).await;
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "loopback"))
        .retry_config(RetryConfig::disabled())
        .build();
    let client = Client::from_conf(config);
    let mut output = client
        .subscribe_to_shard()
        .consumer_arn("arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1")
        .shard_id("shardId-000000000000")
        .starting_position(
            StartingPosition::builder()
                .r#type(ShardIteratorType::Latest)
                .build()
                .expect("a starting position"),
        )
        .send()
        .await
        .expect("the subscription starts");

    let first = output
        .event_stream
        .recv()
        .await
        .expect("an event")
        .expect("not the end");
    let SubscribeToShardEventStream::SubscribeToShardEvent(batch) = first else {
        panic!("expected a batch of records, got {first:?}");
    };
    let record = &batch.records()[0];
    assert_eq!(record.data().as_ref(), b"hello world");
    assert_eq!(record.partition_key(), "pk");
    assert_eq!(
        record.sequence_number(),
        "49590338271490256608559692538361571095921575989136588898"
    );
    assert_eq!(batch.millis_behind_latest(), 1500);

    let unknown = output
        .event_stream
        .recv()
        .await
        .expect("read")
        .expect("an event");
    assert!(unknown.is_unknown(), "{unknown:?}");

    match output.event_stream.recv().await {
        Err(SdkError::ResponseError(e)) => {
            assert!(matches!(e.raw(), RawMessage::Invalid(Some(_))));
        }
        other => panic!("expected the corrupted message's error, got {other:?}"),
    }

    let next = output
        .event_stream
        .recv()
        .await
        .expect("read")
        .expect("an event");
    assert_eq!(
        next.as_subscribe_to_shard_event()
            .map(|e| e.continuation_sequence_number()),
        Ok("7")
    );

    match output.event_stream.recv().await {
        Err(SdkError::ServiceError(e)) => {
            assert!(
                matches!(e.err(), SubscribeToShardEventStreamError::KmsThrottlingException(t)
                    if t.message() == Some("Rate exceeded for KMS")),
                "{:?}",
                e.err()
            );
        }
        other => panic!("expected KMSThrottlingException, got {other:?}"),
    }
    assert!(output.event_stream.recv().await.expect("the end").is_none());
    println!(
        "Kinesis SubscribeToShard streamed on loopback: 2 batches, 1 unknown event, 1 corrupted \
         message reported, the stream's error read"
    );
    endpoints().await;
}

/// Records the URI of every request and answers it with a modeled error.
#[derive(Debug, Default)]
struct Recording(Mutex<Vec<String>>);

impl aws_kinesis::config::HttpClient for Recording {
    fn call(&self, request: hyper::Request<Vec<u8>>) -> aws_kinesis::config::HttpFuture<'_> {
        self.0
            .lock()
            .expect("not poisoned")
            .push(request.uri().to_string());
        Box::pin(async {
            Ok(hyper::Response::builder()
                .status(400)
                .header("x-amzn-errortype", "ResourceNotFoundException")
                .body(b"{}".to_vec())?)
        })
    }
}

/// Each call goes to the endpoint the model's endpoint tests give for its parameters (the
/// account is the ARN's; a valid stream ARN has 12 digits there, or `validate()` refuses it).
async fn endpoints() {
    let http = std::sync::Arc::new(Recording::default());
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "loopback"))
        .retry_config(RetryConfig::disabled())
        .http_client(http.clone())
        .build();
    let client = Client::from_conf(config);
    let consumer =
        "arn:aws:kinesis:us-east-1:123456789123:stream/foobar/consumer/test-consumer:1525898737";
    let stream = "arn:aws:kinesis:us-east-1:123456789012:stream/test-stream";
    let _ = client
        .subscribe_to_shard()
        .consumer_arn(consumer)
        .shard_id("shardId-000000000000")
        .starting_position(
            StartingPosition::builder()
                .r#type(ShardIteratorType::Latest)
                .build()
                .expect("a starting position"),
        )
        .send()
        .await;
    let _ = client
        .put_record()
        .stream_arn(stream)
        .partition_key("pk")
        .data(aws_kinesis::primitives::Blob::new(b"x".to_vec()))
        .send()
        .await;
    let _ = client
        .describe_stream_summary()
        .stream_arn(stream)
        .send()
        .await;
    let _ = client.list_streams().send().await;
    assert_eq!(
        *http.0.lock().expect("not poisoned"),
        [
            "https://123456789123.data-kinesis.us-east-1.amazonaws.com/",
            "https://123456789012.data-kinesis.us-east-1.amazonaws.com/",
            "https://123456789012.control-kinesis.us-east-1.amazonaws.com/",
            "https://kinesis.us-east-1.amazonaws.com/",
        ]
    );
    println!("Kinesis calls go to the endpoints of their stream and consumer ARNs");
}
