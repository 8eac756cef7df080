# flush_tlb_range's wrap check written as the room left above va: a
# va above the top, or a length larger than the room from va to the
# top, wraps. The same ranges are refused as by comparing va + length
# with the top (the length of npages = 0 is 0, so only a va above the
# top fails then, as before).
s/^\tif (end > top)$/\tif ((unsigned __int128)va > top || (unsigned __int128)npages * PAGE > top - va)/
/^\tunsigned __int128 end = (unsigned __int128)va + (unsigned __int128)npages \* PAGE;$/d
