//! Token → string conversion as Newtonsoft's `Value<string>()` / `Convert.ChangeType` does it (§5.4).
