"""The reviewer's workflow: findings written into a copy of the agreement as Word comments
(``annotate``), two drafts compared rule by rule (``diff``)."""
