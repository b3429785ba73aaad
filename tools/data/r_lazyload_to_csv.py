# Decodes a data frame from an R lazy-load database (.rdx/.rdb, XDR serialisation) to CSV, without R.
# Made data/boston.csv:  apt-get download r-cran-mass && dpkg-deb -x r-cran-mass_7.3-58.2-1_amd64.deb x &&
#   python3 tools/data/r_lazyload_to_csv.py x/usr/lib/R/library/MASS/data/Rdata Boston > data/boston.csv
import struct, zlib, bz2, lzma, sys
def decomp(buf):
    if buf[:2]==b'\x1f\x8b':
        import gzip; return gzip.decompress(buf)
    n = struct.unpack('>I', buf[:4])[0]
    t = buf[4:5]
    if t == b'Z': return lzma.decompress(buf[5:])
    if t == b'2': return bz2.decompress(buf[5:])
    if t == b'0': return buf[5:]
    return zlib.decompress(buf[4:])
class R:
    def __init__(s, b): s.b=b; s.p=0; s.refs=[]
    def i(s): v=struct.unpack('>i', s.b[s.p:s.p+4])[0]; s.p+=4; return v
    def d(s,n): v=struct.unpack('>%dd'%n, s.b[s.p:s.p+8*n]); s.p+=8*n; return list(v)
    def start(s):
        assert s.b[:2]==b'X\n', s.b[:2]; s.p=2
        ver=s.i(); s.i(); s.i()
        if ver==3: n=s.i(); s.p+=n
        return s.item()
    def item(s):
        flags=s.i(); t=flags&0xFF; hasattr_=flags&(1<<9); hastag=flags&(1<<10)
        if t==254: return None  # NILVALUE
        if t==242: return None  # EMPTYENV
        if t==253: return 'GLOBALENV'
        if t==251: return None  # MISSINGARG
        if t==255: return s.refs[(flags>>8)-1]
        if t==1:  # SYMSXP
            v=s.item(); s.refs.append(v); return v
        if t==9:  # CHARSXP
            n=s.i()
            if n==-1: return None
            v=s.b[s.p:s.p+n].decode('latin-1'); s.p+=n; return v
        if t in (2,):  # LISTSXP pairlist
            attr = s.item() if hasattr_ else None
            tag = s.item() if hastag else None
            car = s.item(); cdr = s.item()
            out=[(tag,car)]
            if isinstance(cdr, list) and cdr and isinstance(cdr[0], tuple): out+=cdr
            return out
        if t in (13,10):  # INTSXP, LGLSXP
            n=s.i(); v=list(struct.unpack('>%di'%n, s.b[s.p:s.p+4*n])); s.p+=4*n
        elif t==14: n=s.i(); v=s.d(n)
        elif t==16: n=s.i(); v=[s.item() for _ in range(n)]
        elif t==19: n=s.i(); v=[s.item() for _ in range(n)]
        else: raise Exception('type %d at %d'%(t,s.p))
        attrs = dict(s.item()) if hasattr_ else {}
        return ('vec', t, v, attrs)
def load_lazy(prefix):
    idx = R(decomp(open(prefix+'.rdx','rb').read())).start()
    return idx
if __name__=='__main__':
    pre=sys.argv[1]; name=sys.argv[2]
    idx=load_lazy(pre)
    _,_,vals,attrs=idx
    names=attrs['names'][2]; vars_=vals[names.index('variables')]
    vn=vars_[3]['names'][2]; entry=vars_[2][vn.index(name)]
    off,ln=[int(x) for x in entry[2]]
    raw=open(pre+'.rdb','rb').read()[off:off+ln]
    obj=R(decomp(raw)).start()
    _,_,cols,a=obj
    cn=a['names'][2]
    print(','.join(cn))
    n=len(cols[0][2])
    for r in range(n):
        print(','.join(repr(float(c[2][r])).rstrip('0').rstrip('.') if c[1]==14 else str(c[2][r]) for c in cols))
