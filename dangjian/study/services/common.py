"""Small pieces shared by the study services."""


def fields_assign(obj, fields: dict, allowed) -> None:
    """Set the given fields on ``obj`` (text stripped); an unknown field is a programming error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {unknown}")
    for f, v in fields.items():
        setattr(obj, f, v.strip() if isinstance(v, str) else v)
