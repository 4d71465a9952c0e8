"""What curators write (seeds/, schema/) → validated models; every problem carries file:line."""
