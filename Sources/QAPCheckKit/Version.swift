/// The version of qapcheck, as reports and `--version` show it.
public let version = "0.1.0"
