//! Load-time expression checks (device-mapping.md §4.4, §7.1): JMESPath expressions are compiled
//! when the template is built (a failure is a template error); JSONPath expressions are parsed
//! lazily by the service, so a JSONPath syntax error here is only a warning.

/// Compiles a JMESPath expression as the production factory does (custom functions
/// registered). `Err` carries JmesPath.Net's exception message (the `Cause:` part).
pub(crate) fn check_jmespath(expression: &str) -> Result<(), String> {
    let options = medtech_jmespath::CompileOptions {
        custom_functions: true,
    };
    medtech_jmespath::compile(expression, &options)
        .map(|_| ())
        .map_err(|e| e.message)
}

/// Parses a JSONPath expression in the Newtonsoft dialect. `Err` carries Newtonsoft's message.
pub(crate) fn check_jsonpath(expression: &str) -> Result<(), String> {
    medtech_jsonpath::parse(expression)
        .map(|_| ())
        .map_err(|e| e.message)
}
