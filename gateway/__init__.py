"""碳盤查小幫手 gateway: channels, conversation store and the HTTP API in front of Rasa."""
