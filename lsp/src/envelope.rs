//! The JSON-RPC 2.0 envelope of each message, checked before
//! tower-lsp-server reads it: it answers a message it cannot read with a
//! null id whatever the message's id (and tower-lsp, before it, stopped
//! serving), so such a message is answered here with the error and id
//! JSON-RPC gives it and goes no further.
//!
//! Not JSON (or not UTF-8): Parse error, id null. JSON that is not a
//! request, notification or response (`{}`, `"jsonrpc": "1.0"`, an id
//! that is an object or a fraction, a method that is not a string,
//! `params` that are neither an object nor an array, a batch, which the
//! LSP does not use): Invalid Request, with the message's id when it has
//! a valid one, else null.

use serde::Deserialize;
use serde_json::{json, Map, Value};
use tower_lsp_server::jsonrpc::{Request, Response};

/// JSON-RPC 2.0's code for text that is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC 2.0's code for JSON that is not a valid message.
pub const INVALID_REQUEST: i64 = -32600;

/// What tower-lsp-server reads a message as (its own `Message`, which it does
/// not export): a body that reads as this, tower-lsp-server reads too.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Incoming {
    Response(Response),
    Request(Request),
}

/// Checks one message body: `Err` holds the error response to send.
pub fn check(body: &[u8]) -> Result<(), Value> {
    let not_json = |why: String| error(Value::Null, PARSE_ERROR, &format!("Parse error: {why}"));
    let text =
        std::str::from_utf8(body).map_err(|_| not_json("the message is not UTF-8".into()))?;
    let value: Value = serde_json::from_str(text).map_err(|e| not_json(e.to_string()))?;
    let invalid =
        |id: Value, why: &str| error(id, INVALID_REQUEST, &format!("Invalid Request: {why}"));
    let id = envelope(&value).map_err(|(id, why)| invalid(id, why))?;
    // Sound by JSON-RPC, but what tower-lsp-server would not read (a member
    // given twice, say) must not reach it either.
    serde_json::from_str::<Incoming>(text)
        .map_err(|_| invalid(id, "a member given twice, or of the wrong type"))?;
    Ok(())
}

/// A JSON-RPC error response.
pub fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// The id of a sound message (null for a notification), or why it is not
/// sound with the id to answer with.
fn envelope(value: &Value) -> Result<Value, (Value, &'static str)> {
    let message = match value {
        Value::Object(message) => message,
        Value::Array(batch) if batch.is_empty() => return Err((Value::Null, "an empty batch")),
        Value::Array(_) => {
            return Err((
                Value::Null,
                "a batch (the language server protocol sends messages one by one)",
            ))
        }
        _ => return Err((Value::Null, "a message is a JSON object")),
    };
    let id = match message.get("id") {
        None => Value::Null,
        Some(id) if is_id(id) => id.clone(),
        Some(_) => return Err((Value::Null, "`id` must be a string, an integer or null")),
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err((id, "`jsonrpc` must be \"2.0\""));
    }
    let problem = match message.get("method") {
        Some(Value::String(_)) => request_problem(message),
        Some(_) => Some("`method` must be a string"),
        None => response_problem(message),
    };
    match problem {
        Some(why) => Err((id, why)),
        None => Ok(id),
    }
}

/// A string, an integer (tower-lsp-server takes 64 bits) or null.
fn is_id(id: &Value) -> bool {
    match id {
        Value::String(_) | Value::Null => true,
        Value::Number(n) => n.is_i64(),
        _ => false,
    }
}

fn request_problem(message: &Map<String, Value>) -> Option<&'static str> {
    if message.contains_key("result") || message.contains_key("error") {
        return Some("a request or notification has no `result` or `error`");
    }
    // null is taken as no params (some clients send it): tower-lsp-server then
    // answers per method.
    match message.get("params") {
        None | Some(Value::Object(_) | Value::Array(_) | Value::Null) => None,
        Some(_) => Some("`params` must be an object or an array"),
    }
}

fn response_problem(message: &Map<String, Value>) -> Option<&'static str> {
    if !message.contains_key("id") {
        return Some("neither a request (no `method`) nor a response (no `id`)");
    }
    match (message.get("result"), message.get("error")) {
        (Some(_), None) => None,
        (None, Some(Value::Object(e)))
            if e.get("code").is_some_and(Value::is_i64)
                && e.get("message").is_some_and(Value::is_string) =>
        {
            None
        }
        (None, Some(_)) => Some("`error` must hold an integer `code` and a string `message`"),
        (None, None) => Some("a response holds `result` or `error`"),
        (Some(_), Some(_)) => Some("a response holds `result` or `error`, not both"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code, id and message of the answer to `body`, if any.
    fn answer(body: &str) -> Option<(i64, Value, String)> {
        let e = check(body.as_bytes()).err()?;
        assert_eq!(e["jsonrpc"], "2.0");
        let code = e["error"]["code"].as_i64().unwrap();
        let message = e["error"]["message"].as_str().unwrap().to_string();
        Some((code, e["id"].clone(), message))
    }

    #[test]
    fn sound_messages_pass() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"x","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"x","params":[1]}"#,
            r#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","id":-9007199254740993,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}}"#,
            r#" {"jsonrpc":"2.0","method":"exit"} "#,
        ] {
            assert_eq!(answer(body), None, "{body}");
        }
    }

    #[test]
    fn text_that_is_not_json_is_a_parse_error_with_a_null_id() {
        for body in [
            "{not json",
            "",
            "{\"jsonrpc\":\"2.0\",",
            "\u{feff}{}",
            "nul\0l",
        ] {
            let (code, id, _) = answer(body).expect(body);
            assert_eq!((code, id), (PARSE_ERROR, Value::Null), "{body:?}");
        }
        let e = check(b"{\"a\":\"\xff\"}").unwrap_err();
        assert_eq!(e["error"]["code"], PARSE_ERROR);
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        let cases = [
            ("{}", Value::Null),
            ("[]", Value::Null),
            ("[{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}]", Value::Null),
            ("42", Value::Null),
            ("null", Value::Null),
            (r#"{"jsonrpc":"1.0","id":2,"method":"x"}"#, json!(2)),
            (r#"{"jsonrpc":2.0,"id":2,"method":"x"}"#, json!(2)),
            (r#"{"id":2,"method":"x"}"#, json!(2)),
            (
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
                Value::Null,
            ),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, Value::Null),
            (r#"{"jsonrpc":"2.0","id":1.0,"method":"x"}"#, Value::Null),
            (r#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#, Value::Null),
            (r#"{"jsonrpc":"2.0","id":true,"method":"x"}"#, Value::Null),
            (
                r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"x"}"#,
                Value::Null,
            ),
            (r#"{"jsonrpc":"2.0","id":"s","method":7}"#, json!("s")),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":"x","params":"p"}"#,
                json!(3),
            ),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":"x","result":1}"#,
                json!(3),
            ),
            (r#"{"jsonrpc":"2.0","method":"x","params":4}"#, Value::Null),
            (r#"{"jsonrpc":"2.0","id":4}"#, json!(4)),
            (r#"{"jsonrpc":"2.0","result":1}"#, Value::Null),
            (
                r#"{"jsonrpc":"2.0","id":4,"result":1,"error":{}}"#,
                json!(4),
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":"x","message":"m"}}"#,
                json!(4),
            ),
            (r#"{"jsonrpc":"2.0","id":5,"id":5,"method":"x"}"#, json!(5)),
        ];
        for (body, id) in cases {
            let (code, got, message) = answer(body).expect(body);
            assert_eq!((code, got), (INVALID_REQUEST, id), "{body}: {message}");
            assert!(message.starts_with("Invalid Request: "), "{message}");
        }
    }
}
