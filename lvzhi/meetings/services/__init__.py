"""Every change to 会议与考勤 goes through one function here: checked, atomic, recorded and audited."""
